import { onRemoteSignOut, signOut, type SignOutMode } from '../src/index.js';
import { demoUserManager, issuer } from './demo-config.js';

const manager = demoUserManager();
document.getElementById('issuer')!.textContent = issuer;

// The log lives under a demo.* key, which keepStorage: 'demo.*' keeps through the sign-out.
const LOG_KEY = 'demo.log';
const log = document.getElementById('log')!;
const entries: string[] = JSON.parse(localStorage.getItem(LOG_KEY) ?? '[]');
function render() {
  log.replaceChildren(...entries.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
}
function show(text: string) {
  entries.push(`${new Date().toLocaleTimeString()} ${text}`);
  localStorage.setItem(LOG_KEY, JSON.stringify(entries.slice(-50)));
  render();
}
render();
document.getElementById('clear-log')!.addEventListener('click', () => {
  entries.length = 0;
  localStorage.removeItem(LOG_KEY);
  render();
});

for (const type of ['sign-out-start', 'sign-out-complete', 'sign-out-error'] as const) {
  document.addEventListener(type, (event) => {
    const detail = event.detail as { error?: Error & { code: string } };
    show(`${type} ${detail.error ? `${detail.error.code}: ${detail.error.message}` : JSON.stringify(detail)}`);
  });
}
if (new URLSearchParams(window.location.search).has('signed-out')) show('back on the site: signed out');

// Another tab, or another app of the provider (front-channel logout), signed this user out.
onRemoteSignOut(({ source }) => {
  show(`signed out ${source === 'tab' ? 'in another tab' : 'by the provider (front-channel logout from another app)'}`);
  document.getElementById('who')!.textContent = 'nobody';
});

document.getElementById('sign-in')!.addEventListener('click', () => {
  void manager.signinRedirect({ state: { return: '/demo/' } });
});
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-mode]')) {
  button.addEventListener('click', () => {
    const mode = button.dataset.mode as SignOutMode;
    // Failures arrive as sign-out-error events, shown in the log.
    const method = (document.getElementById('post') as HTMLInputElement).checked ? 'post' : 'auto';
    signOut({ userManager: manager, mode, method, afterUrl: '/demo/?signed-out', keepStorage: 'demo.*' }).catch(
      () => undefined,
    );
  });
}

const user = await manager.getUser();
document.getElementById('who')!.textContent = user ? String(user.profile.name ?? user.profile.sub) : 'nobody';
