import '../../../src/define.js';
import { signOut, type SignOutError, type SignOutOptions } from '../../../src/index.js';
import { config, pages, record, userManager } from './e2e-page.js';

const manager = userManager();

/**
 * localStorage, less the package's two marks that hold no user data: its record of recent
 * sign-outs (for pages in the back/forward cache) and the mark of a listening page.
 */
function appStorage(): Record<string, string> {
  const entries: Record<string, string> = { ...localStorage };
  delete entries['sign-out-button.recent-sign-outs'];
  delete entries['sign-out-button.listening'];
  return entries;
}
const button = document.querySelector('sign-out-button')!;
// Attributes, as a page author writes them (tests change or remove them).
button.setAttribute('authority', config.issuer);
button.setAttribute('client-id', config.clientId);
button.setAttribute('post-logout-redirect-uri', `${pages}/signed-out.html`);
button.setAttribute('after-url', `${pages}/after.html`);

for (const type of ['sign-out-start', 'sign-out-complete', 'sign-out-error', 'sign-out-remote'] as const) {
  document.addEventListener(type, (event) => {
    // A test sets this to see a page that keeps itself after a remote sign-out.
    if (type === 'sign-out-remote' && (window as { cancelRemote?: boolean }).cancelRemote) event.preventDefault();
    const detail = event.detail as { error?: SignOutError };
    void record({
      type,
      detail: detail.error ? { code: detail.error.code, message: detail.error.message } : detail,
      storage: { local: appStorage(), session: { ...sessionStorage } },
      frames: document.querySelectorAll('iframe').length,
    });
  });
}

// The SPA path: the app's own UserManager, through the JavaScript API.
let unloaded = 0;
manager.events.addUserUnloaded(() => void (unloaded += 1));
Object.assign(window, {
  spaSignOut: async (options: SignOutOptions) => {
    const result = await signOut({ userManager: manager, ...options });
    return { result, unloaded };
  },
  storedIdToken: async () => (await manager.getUser())?.id_token ?? null,
  storedSid: async () => (await manager.getUser())?.profile.sid ?? null,
});

document.getElementById('sign-in')!.addEventListener('click', () => void manager.signinRedirect());
const user = await manager.getUser();
document.getElementById('who')!.textContent = user ? String(user.profile.name ?? user.profile.sub) : 'nobody';
document.body.dataset.ready = 'true';
