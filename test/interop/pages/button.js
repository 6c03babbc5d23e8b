// The interop app with the real <sign-out-button>, from the drop-in module as built (dist/cdn/, as
// a deployed site serves it: through Vite's dev server the source is ~100 modules). The test
// injects window.__E2E__ = { issuer, clients: { [origin]: clientId } }: each RP origin is one
// client. Every sign-out event goes to window.__record, with what is left in storage.
import '/dist/cdn/sign-out-button.js';
import { buttonPages, clientId, config, record, userManager } from './button-rp.js';

const manager = userManager();
const button = document.querySelector('sign-out-button');
button.setAttribute('authority', config.issuer);
button.setAttribute('client-id', clientId);
button.setAttribute('post-logout-redirect-uri', `${buttonPages}/return.html`);
button.setAttribute('after-url', `${buttonPages}/button.html?after`);

/** A storage's entries less the package's own marks, which hold no user data. */
function appStorage(storage = localStorage) {
  const entries = { ...storage };
  for (const key of Object.keys(entries)) if (key.startsWith('sign-out-button.')) delete entries[key];
  return entries;
}
for (const type of ['sign-out-start', 'sign-out-complete', 'sign-out-error', 'sign-out-remote']) {
  document.addEventListener(type, (event) => {
    const detail = event.detail.error
      ? { code: event.detail.error.code, message: event.detail.error.message }
      : event.detail;
    void record({ type, detail, local: appStorage(), session: appStorage(sessionStorage) });
  });
}

const user = await manager.getUser();
document.getElementById('who').textContent = user ? String(user.profile.name ?? user.profile.sub) : 'nobody';
document.getElementById('sign-in').addEventListener('click', () => {
  // Glewlwyd refuses a code flow with scope openid and no nonce.
  void manager.signinRedirect({ nonce: crypto.randomUUID() });
});
Object.assign(window, {
  tokens: () => ({
    idToken: user?.id_token ?? null,
    accessToken: user?.access_token ?? null,
    refreshToken: user?.refresh_token ?? null,
  }),
  appStorage,
  storedUser: () => manager.getUser().then((stored) => stored?.profile ?? null),
  forgetUser: () => manager.removeUser(),
});
document.body.dataset.ready = 'true';
