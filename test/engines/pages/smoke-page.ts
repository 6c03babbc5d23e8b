// Shared by the engine smoke pages: the provider (from the page's meta tag, filled in by the dev
// server), the run this page belongs to, and a report channel that needs no test driver: each
// result goes to the dev server with navigator.sendBeacon, so every engine reports the same way.
import { UserManager } from 'oidc-client-ts';

export const issuer = document.querySelector<HTMLMetaElement>('meta[name=issuer]')!.content;
export const pages = `${window.location.origin}/test/engines/pages`;

/** The run id, from the app page's `?run=` and kept in localStorage (`smoke.*` is never cleared). */
export function runId(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('run');
  if (fromUrl) localStorage.setItem('smoke.run', fromUrl);
  return fromUrl ?? localStorage.getItem('smoke.run') ?? 'unknown';
}

export function report(entry: Record<string, unknown>): void {
  const body = JSON.stringify({ run: runId(), page: window.location.pathname, ...entry });
  navigator.sendBeacon('/__smoke-results', new Blob([body], { type: 'text/plain' }));
}

export function userManager(): UserManager {
  return new UserManager({
    authority: issuer,
    client_id: 'demo-spa',
    redirect_uri: `${pages}/callback.html`,
    scope: 'openid profile email',
    automaticSilentRenew: false,
  });
}
