// Shared by the end-to-end pages: the configuration the test injects, and a channel back to it.
import { UserManager } from 'oidc-client-ts';

export interface E2EConfig {
  issuer: string;
  clientId: string;
}

declare global {
  interface Window {
    __E2E__: E2EConfig;
    /** Exposed by the test (playwright exposeBinding): survives navigations. */
    __record?: (entry: unknown) => Promise<void>;
  }
}

export const config = window.__E2E__;
export const pages = `${window.location.origin}/test/e2e/pages`;

export function record(entry: Record<string, unknown>): Promise<void> {
  return window.__record?.({ page: window.location.pathname, ...entry }) ?? Promise.resolve();
}

export function userManager(): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${pages}/callback.html`,
    scope: 'openid profile email',
    automaticSilentRenew: false,
  });
}
