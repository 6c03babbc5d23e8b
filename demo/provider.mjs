// The embedded OpenID Provider: panva's oidc-provider, configured for the demo and the end-to-end
// tests. Dev interactions (any login name, any password), a public SPA client, and an end-session
// page that signs out at once when a valid id_token_hint came and asks the user otherwise.
import { once } from 'node:events';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { PROVIDER_PROFILES } from './provider-profiles.mjs';

/** Like many servers (and proxies) in front of real providers: longer request heads get a 431. */
export const MAX_REQUEST_HEAD_BYTES = 8192;

/** The demo SPA client, registered for the pages served from each of `pagesOrigins`. */
export function demoClient(pagesOrigins, overrides = {}) {
  const at = (...paths) => pagesOrigins.flatMap((origin) => paths.map((path) => `${origin}${path}`));
  return {
    client_id: 'demo-spa',
    client_name: 'sign-out-button demo',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: at('/demo/callback.html', '/test/e2e/pages/callback.html', '/test/engines/pages/callback.html'),
    post_logout_redirect_uris: at(
      '/demo/signed-out.html',
      '/demo/cms/signed-out.html',
      '/test/e2e/pages/signed-out.html',
      '/test/engines/pages/signed-out.html',
    ),
    ...overrides,
  };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function logoutSource(ctx, form) {
  // oidc-provider has already validated a given id_token_hint (or thrown): its presence means valid.
  const hinted = Boolean(ctx.oidc.params.id_token_hint);
  ctx.type = 'html';
  ctx.body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign out of the demo provider</title></head>
<body>
  <h1>${hinted ? 'Signing you out…' : `Do you want to sign out of ${escapeHtml(ctx.host)}?`}</h1>
  ${form}
  <button id="confirm-logout" type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
  <button id="stay-signed-in" type="submit" form="op.logoutForm">No, stay signed in</button>
  ${
    hinted
      ? `<script>
    const form = document.getElementById('op.logoutForm');
    const field = Object.assign(document.createElement('input'), { type: 'hidden', name: 'logout', value: 'yes' });
    form.append(field);
    form.submit();
  </script>`
      : ''
  }
</body>
</html>`;
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><h1 id="op-signed-out">You are signed out of the demo provider.</h1></body></html>`;
}

/** Demo accounts whose login name starts with "big" belong to 400 groups: a large ID token. */
function groupsOf(accountId) {
  return accountId.startsWith('big')
    ? Array.from({ length: 400 }, (_, index) => `group-number-${index}-of-${accountId}`)
    : [];
}

async function readForm(request) {
  let body = '';
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

/**
 * The front layer. RP-Initiated Logout requires providers to accept the end-session request as a
 * form POST too; oidc-provider only does so with `enableHttpPostMethods`, which demands
 * SameSite=None cookies that Chromium drops on plain http. So a POST at the end-session path is
 * read here and handed to oidc-provider as the same request by GET, with the same cookies. It also
 * applies the profile's documented rule, and records every request (method, path, parameters).
 */
function frontLayer({ endSessionPath, rule, requests, discoveryOverrides, headers }) {
  return async (ctx, next) => {
    for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
    const atEndSession = ctx.path === endSessionPath;
    let params = new URLSearchParams(ctx.querystring);
    const entry = { method: ctx.method, path: ctx.path, contentType: ctx.get('content-type'), at: Date.now() };
    if (atEndSession && ctx.method === 'POST') {
      params = await readForm(ctx.req);
      ctx.method = 'GET';
      ctx.querystring = params.toString();
    }
    requests.push({ ...entry, params: [...params] });
    const refused = atEndSession && rule?.(params);
    if (refused) {
      ctx.status = 400;
      ctx.body = `invalid_request: ${refused}`;
      return;
    }
    await next();
    if (ctx.path === '/.well-known/openid-configuration' && discoveryOverrides && ctx.body) {
      // A hostile (or broken) provider, for the tests: the discovery document as published, changed.
      const published = typeof ctx.body === 'string' ? JSON.parse(ctx.body) : ctx.body;
      ctx.body = { ...published, ...discoveryOverrides };
    }
  };
}

/**
 * Starts the provider on `host:port` (port 0 picks a free one). Options:
 * - `pagesOrigins`: where the demo and test pages are served (for the client's URIs);
 * - `rpInitiatedLogout`: false publishes no end_session_endpoint;
 * - `profile`: a key of PROVIDER_PROFILES (its end-session path and rule);
 * - `clients`: replaces the demo client;
 * - `discoveryOverrides`: fields that replace the published discovery document's (the tests' hostile
 *   provider, e.g. a `javascript:` end_session_endpoint), a layer of this test provider;
 * - `headers`: response headers on every provider page (e.g. Cross-Origin-Opener-Policy).
 * Returns `{ issuer, provider, requests, endSessionPath, close }`; `requests` lists every request
 * the provider saw, with its parameters (query, or form body for a POST at end-session).
 */
export async function startProvider({
  host = '127.0.0.1',
  port = 4000,
  pagesOrigins = ['http://127.0.0.1:5173'],
  rpInitiatedLogout = true,
  profile,
  clients,
  discoveryOverrides,
  headers = {},
} = {}) {
  const { endSessionPath = '/session/end', rule } = profile ? PROVIDER_PROFILES[profile] : {};
  // The issuer must carry the real port, so bind first when asked for a free one.
  const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES });
  server.listen(port, host);
  await once(server, 'listening');
  const issuer = `http://${host}:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: clients ?? [demoClient(pagesOrigins)],
    cookies: { keys: ['sign-out-button-demo-only-key'] },
    pkce: { required: () => true },
    routes: { end_session: endSessionPath },
    // Scope claims go into the ID token, so a big account makes a big token.
    conformIdTokenClaims: false,
    clientBasedCORS: () => true,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: rpInitiatedLogout, logoutSource, postLogoutSuccessSource },
    },
    findAccount: (ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, name: id, email: `${id}@example.test`, groups: groupsOf(id) }),
    }),
    claims: { openid: ['sub'], profile: ['name', 'groups'], email: ['email'] },
    // First-party demo client: consent is granted without asking.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  provider.on('server_error', (ctx, error) => console.error('provider server_error', error));

  const requests = [];
  provider.use(frontLayer({ endSessionPath, rule, requests, discoveryOverrides, headers }));

  server.on('request', provider.callback());
  const close = async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  };
  return { issuer, provider, requests, endSessionPath, close };
}
