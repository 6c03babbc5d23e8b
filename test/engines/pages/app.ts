import { issuer, pages, report, runId, userManager } from './smoke-page.js';

runId();
const manager = userManager();
const button = document.querySelector('sign-out-button')!;
button.setAttribute('authority', issuer);
button.setAttribute('client-id', 'demo-spa');
button.setAttribute('post-logout-redirect-uri', `${pages}/signed-out.html`);
button.setAttribute('after-url', `${pages}/after.html`);

for (const type of ['sign-out-start', 'sign-out-complete', 'sign-out-error', 'sign-out-remote']) {
  document.addEventListener(type, (event) => {
    const detail = (event as CustomEvent<{ error?: { code: string; message: string } }>).detail;
    report({
      type,
      detail: detail.error ? { code: detail.error.code, message: detail.error.message } : detail,
      session: Object.keys(sessionStorage),
    });
  });
}

document.getElementById('sign-in')!.addEventListener('click', () => void manager.signinRedirect());
const user = await manager.getUser();
document.querySelector<HTMLAnchorElement>('#open-tab')!.href = `${pages}/app.html?run=${runId()}&tab=opened`;
if (user) {
  // As another app of the provider would: its end-session request for this session.
  const endSession = new URL((await manager.metadataService.getEndSessionEndpoint())!);
  endSession.searchParams.set('id_token_hint', user.id_token!);
  document.querySelector<HTMLAnchorElement>('#end-at-provider')!.href = endSession.href;
}
document.getElementById('who')!.textContent = user ? String(user.profile.name ?? user.profile.sub) : 'nobody';
document.body.dataset.ready = 'true';
// A tab opened from the link says it is ready, so that the test signs out only once it listens.
if (new URLSearchParams(window.location.search).get('tab') === 'opened') report({ type: 'tab-ready' });
