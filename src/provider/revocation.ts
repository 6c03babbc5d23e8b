// OAuth 2.0 Token Revocation (RFC 7009) of the stored user's tokens, at sign-out.
import type { OidcMetadata } from 'oidc-client-ts';
import { checkHttpUrl } from '../core/url-policy.js';
import type { ResolvedSignOut } from '../options/resolve-options.js';
import type { StoredTokens } from '../storage/stored-tokens.js';

/**
 * Revokes the refresh token, then the access token, at the provider's `revocation_endpoint`
 * (RFC 7009), as the client: the SPA's `UserManager`'s secret where it has one, else as a public
 * client. Made here rather than by oidc-client-ts, whose revocation rejects the empty `text/plain`
 * 200 answer RFC 7009 allows (oidc-provider sends one). Nothing is written back to storage,
 * however late an answer comes. Throws when revocation is impossible (no endpoint), or when a
 * token was refused (after every token was tried).
 */
export async function revokeTokens(
  resolved: ResolvedSignOut,
  tokens: StoredTokens,
  metadata: Promise<Partial<OidcMetadata>>,
): Promise<void> {
  const published = await metadata;
  if (!published.revocation_endpoint) throw new Error('The provider publishes no revocation_endpoint.');
  const endpoint = checkHttpUrl(published.revocation_endpoint, "The provider's revocation_endpoint");
  const spa = resolved.userManager?.settings;
  const clientId = spa?.client_id ?? resolved.clientId ?? '';
  const secret = spa?.client_secret;
  const basic = secret !== undefined && spa?.client_authentication !== 'client_secret_post';
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (basic) headers.Authorization = `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`)}`;
  // The refresh token first: at many providers revoking it ends the access tokens made from it too.
  const revocations: [string | null, string][] = [
    [tokens.refreshToken, 'refresh_token'],
    [tokens.accessToken, 'access_token'],
  ];
  // Each token is tried, whatever the other's answer: Glewlwyd refuses a public client's
  // refresh-token revocation (401) and revokes its access token. Throws when any stays live.
  const refused: string[] = [];
  for (const [token, hint] of revocations) {
    if (!token) continue;
    const body = new URLSearchParams({ token, token_type_hint: hint });
    if (!basic) body.set('client_id', clientId);
    if (secret !== undefined && !basic) body.set('client_secret', secret);
    try {
      const response = await fetch(endpoint, { method: 'POST', headers, body, credentials: 'omit' });
      if (!response.ok) refused.push(`${response.status} to the revocation of the ${hint}`);
    } catch {
      refused.push(`no answer to the revocation of the ${hint}`);
    }
  }
  if (refused.length) throw new Error(`The provider answered ${refused.join(', and ')}.`);
}
