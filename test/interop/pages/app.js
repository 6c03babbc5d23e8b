import { endSessionUrl, userManager } from './rp.js';

const manager = userManager();
const user = await manager.getUser();
document.getElementById('who').textContent = user ? String(user.profile.name ?? user.profile.sub) : 'nobody';
document.getElementById('sign-in').addEventListener('click', () => {
  void manager.signinRedirect({ nonce: crypto.randomUUID() });
});
Object.assign(window, {
  idToken: () => user?.id_token ?? null,
  profile: () => user?.profile ?? null,
  refreshToken: () => user?.refresh_token ?? null,
  accessToken: () => user?.access_token ?? null,
  sessionState: () => user?.session_state ?? null,
  endSessionUrl: (state) => endSessionUrl(manager, state),
  forgetUser: () => manager.removeUser(),
});
document.body.dataset.ready = 'true';
