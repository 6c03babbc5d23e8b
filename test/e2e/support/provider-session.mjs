// A real sign-in at the real provider, done in Node instead of the browser: the authorization
// code flow with PKCE over HTTP, the provider's own login form posted with a cookie jar, the code
// exchanged at /token. The browser then gets the provider's session cookies and the user as
// oidc-client-ts stores it, for tests whose subject is not the sign-in itself.
import { createHash, randomBytes } from 'node:crypto';

/** The claims oidc-client-ts drops from the ID token's claims before it stores the profile. */
const PROTOCOL_CLAIMS = ['nbf', 'jti', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'at_hash'];

const base64url = (buffer) => buffer.toString('base64url');

/** Cookies as a browser keeps them for one host: by name and path, expired ones dropped. */
class CookieJar {
  cookies = new Map();

  take(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const cookie = { name: pair.slice(0, at), value: pair.slice(at + 1), path: '/', httpOnly: false };
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split('=');
        const value = rest.join('=');
        const name = key.toLowerCase();
        if (name === 'path') cookie.path = value;
        else if (name === 'httponly') cookie.httpOnly = true;
        else if (name === 'samesite') cookie.sameSite = value[0].toUpperCase() + value.slice(1).toLowerCase();
        else if (name === 'expires') cookie.expires = Math.floor(Date.parse(value) / 1000);
        else if (name === 'max-age') cookie.expires = Math.floor(Date.now() / 1000) + Number(value);
      }
      const key = `${cookie.name} ${cookie.path}`;
      if (cookie.expires !== undefined && cookie.expires <= Date.now() / 1000) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  header(path) {
    return [...this.cookies.values()]
      .filter(
        (cookie) =>
          path === cookie.path || path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`),
      )
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  /** The cookies for Playwright's `context.addCookies`, on the host of `origin`. */
  forBrowser(origin) {
    const { hostname } = new URL(origin);
    return [...this.cookies.values()].map(({ name, value, path, httpOnly, sameSite, expires }) => ({
      name,
      value,
      domain: hostname,
      path,
      httpOnly,
      secure: false,
      sameSite: sameSite ?? 'Lax',
      expires: expires ?? -1,
    }));
  }
}

/** Requests `url` with the jar's cookies, following no redirect; the answer's cookies go into the jar. */
async function request(jar, url, init = {}) {
  const { pathname } = new URL(url);
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie: jar.header(pathname) },
    signal: AbortSignal.timeout(20000),
  });
  jar.take(response);
  return response;
}

/** Follows the provider's redirects from `url` until one leads away from it (to the client). */
async function follow(jar, issuer, url, init) {
  let response = await request(jar, url, init);
  for (let hops = 0; hops < 10; hops += 1) {
    if (![302, 303].includes(response.status)) return response;
    const next = new URL(response.headers.get('location'), url);
    if (next.origin !== issuer) return response;
    url = next.href;
    response = await request(jar, url);
  }
  throw new Error(`too many redirects at ${url}`);
}

/**
 * Signs `login` in at the provider `issuer` for `clientId`, as the browser would through its login
 * form. Resolves with `{ cookies, storageKey, user }`: the provider's session cookies (for
 * `context.addCookies`), and the oidc-client-ts user record, as `User.toStorageString()` writes it.
 */
export async function providerSignIn({ issuer, clientId = 'demo-spa', redirectUri, login = 'alice' }) {
  const jar = new CookieJar();
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const scope = 'openid profile email';
  const authorize = new URL(`${issuer}/auth`);
  for (const [name, value] of Object.entries({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(name, value);

  // To the login form, which is posted as a person fills it (any login name, any password).
  const formPage = await follow(jar, issuer, authorize.href);
  const html = await formPage.text();
  const action = html.match(/<form[^>]*action="([^"]+)"/)?.[1];
  if (formPage.status !== 200 || !action || !html.includes('name="login"'))
    throw new Error(`no login form at the provider (${formPage.status}): ${html.slice(0, 300)}`);
  const formUrl = new URL(action.replaceAll('&amp;', '&'), issuer).href;
  const done = await follow(jar, issuer, formUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }).toString(),
  });
  const location = done.headers.get('location');
  const callback = location && new URL(location, issuer);
  if (!callback || !callback.href.startsWith(redirectUri))
    throw new Error(`the provider did not return to the client (${done.status}, ${location}, form ${formUrl})`);
  const params = callback.searchParams;
  if (params.get('error'))
    throw new Error(`sign-in refused: ${params.get('error')} ${params.get('error_description')}`);
  if (params.get('state') !== state) throw new Error('the provider returned another state');

  const tokenResponse = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: clientId,
    }).toString(),
    signal: AbortSignal.timeout(20000),
  });
  const tokens = await tokenResponse.json();
  if (!tokenResponse.ok) throw new Error(`token exchange failed: ${JSON.stringify(tokens)}`);

  // What oidc-client-ts's signinRedirectCallback keeps: the ID token's claims less protocol ones.
  const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString('utf8'));
  const profile = Object.fromEntries(Object.entries(claims).filter(([name]) => !PROTOCOL_CLAIMS.includes(name)));
  const user = {
    id_token: tokens.id_token,
    session_state: params.get('session_state') ?? null,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    token_type: tokens.token_type,
    scope: tokens.scope,
    profile,
    expires_at:
      tokens.expires_in !== undefined ? Math.floor(Date.now() / 1000) + Math.floor(tokens.expires_in) : undefined,
  };
  return { cookies: jar.forBrowser(issuer), storageKey: `oidc.user:${issuer}:${clientId}`, user: JSON.stringify(user) };
}
