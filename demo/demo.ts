import '../src/define.js';
import type { SignOutMode } from '../src/index.js';
import { demoUserManager, issuer } from './demo-config.js';

const manager = demoUserManager();
const button = document.querySelector('sign-out-button')!;
button.authority = issuer;
document.getElementById('issuer')!.textContent = issuer;

// The log lives under a demo.* key, which keep-storage="demo.*" keeps through the sign-out.
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
if (new URLSearchParams(window.location.search).has('signed-out')) show('back from the provider: signed out');

const modeSelect = document.getElementById('mode') as HTMLSelectElement;
modeSelect.addEventListener('change', () => (button.mode = modeSelect.value as SignOutMode));
document.getElementById('sign-in')!.addEventListener('click', () => void manager.signinRedirect());

const user = await manager.getUser();
document.getElementById('who')!.textContent = user ? String(user.profile.name ?? user.profile.sub) : 'nobody';
