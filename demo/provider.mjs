// The embedded OpenID Provider: panva's oidc-provider, configured for the demo and the end-to-end
// tests. Dev interactions (any login name, any password), a public SPA client, and an end-session
// page that signs out at once when a valid id_token_hint came and asks the user otherwise.
import { once } from 'node:events';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { PROVIDER_PROFILES } from './provider-profiles.mjs';

/** How long the `slow` revocation endpoint takes to answer: longer than a sign-out waits for it. */
export const SLOW_REVOCATION_MS = 3000;

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

/**
 * The demo's two apps at one provider: the SPA (`demo-spa`) and the CMS pages (`demo-cms`). With
 * `frontChannelOrigin`, each has its front-channel logout page there, so that signing out of one
 * signs the other out too (single logout).
 */
export function demoClients(pagesOrigins, { frontChannelOrigin } = {}) {
  const at = (...paths) => pagesOrigins.flatMap((origin) => paths.map((path) => `${origin}${path}`));
  const frontChannel = (path) =>
    frontChannelOrigin ? { frontchannel_logout_uri: `${frontChannelOrigin}${path}` } : {};
  return [
    demoClient(pagesOrigins, frontChannel('/demo/front-channel.html')),
    {
      ...demoClient(pagesOrigins),
      client_id: 'demo-cms',
      client_name: 'sign-out-button demo: CMS pages',
      redirect_uris: at('/demo/cms/callback.html'),
      post_logout_redirect_uris: at('/demo/cms/signed-out.html'),
      ...frontChannel('/demo/cms/front-channel.html'),
    },
  ];
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
function frontLayer({ endSessionPath, rule, requests, discoveryOverrides, headers, revocation }) {
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
    if (ctx.path === '/token/revocation' && revocation !== 'works') {
      // A provider whose revocation endpoint fails, or answers only after a long while.
      if (revocation === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_REVOCATION_MS));
      ctx.status = revocation === 'slow' ? 200 : 503;
      ctx.set('Access-Control-Allow-Origin', ctx.get('origin') || '*');
      ctx.body = revocation === 'slow' ? '' : 'temporarily_unavailable';
      return;
    }
    const refused = atEndSession && rule?.(params);
    if (refused) {
      ctx.status = 400;
      ctx.body = `invalid_request: ${refused}`;
      return;
    }
    await next();
    if (ctx.path === '/.well-known/openid-configuration' && ctx.body) {
      const published = typeof ctx.body === 'string' ? JSON.parse(ctx.body) : ctx.body;
      // The front-channel layer below is this provider's; a hostile (or broken) provider, for the
      // tests, changes the document as published.
      ctx.body = {
        ...published,
        frontchannel_logout_supported: true,
        frontchannel_logout_session_supported: true,
        ...discoveryOverrides,
      };
    }
    if (ctx.state.frontChannel && ctx.status === 303) await frontChannelPage(ctx);
  };
}

/**
 * The front-channel layer. oidc-provider 9 has no Front-Channel Logout, so, like Keycloak and
 * Duende IdentityServer, this layer renders it: when a session ends (`end_session.success`), the
 * page that would redirect onwards first loads, in hidden iframes, the `frontchannel_logout_uri`
 * of every client that took part in the session, with `iss` and `sid`, then continues once they
 * loaded (plus a moment for their scripts), or after 4 s at most.
 */
async function frontChannelPage(ctx) {
  const frames = [];
  for (const { clientId, sid } of ctx.state.frontChannel) {
    const client = await ctx.oidc.provider.Client.find(clientId);
    const uri = client?.frontchannel_logout_uri;
    if (!uri) continue;
    const url = new URL(uri);
    if (client.frontchannel_logout_session_required !== false) {
      url.searchParams.set('iss', ctx.oidc.issuer);
      url.searchParams.set('sid', sid);
    }
    frames.push(url.href);
  }
  if (!frames.length) return;
  const next = ctx.response.get('location');
  ctx.status = 200;
  ctx.type = 'html';
  ctx.body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing you out</title></head>
<body>
  <h1 id="op-front-channel">Signing you out of ${frames.length} app${frames.length > 1 ? 's' : ''}…</h1>
  ${frames.map((src) => `<iframe hidden class="front-channel" src="${escapeHtml(src)}"></iframe>`).join('\n  ')}
  <script>
    const frames = [...document.querySelectorAll('iframe.front-channel')];
    let loaded = 0;
    const next = () => location.replace(${JSON.stringify(next)});
    setTimeout(next, 4000);
    for (const frame of frames) frame.addEventListener('load', () => { if (++loaded === frames.length) setTimeout(next, 1000); });
  </script>
</body>
</html>`;
}

/**
 * Starts the provider on `host:port` (port 0 picks a free one). Options:
 * - `pagesOrigins`: where the demo and test pages are served (for the client's URIs);
 * - `rpInitiatedLogout`: false publishes no end_session_endpoint;
 * - `profile`: a key of PROVIDER_PROFILES (its end-session path and rule);
 * - `clients`: replaces the demo client;
 * - `discoveryOverrides`: fields that replace the published discovery document's (the tests' hostile
 *   provider, e.g. a `javascript:` end_session_endpoint), a layer of this test provider;
 * - `headers`: response headers on every provider page (e.g. Cross-Origin-Opener-Policy);
 * - `revocation`: `works` (default), `fails` (503) or `slow` (answers after 3 s): a provider's
 *   revocation endpoint as the tests need it.
 * Clients may carry `frontchannel_logout_uri` (and `frontchannel_logout_session_required`): the
 * front-channel layer above loads it when their session ends, and their ID tokens carry `sid`.
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
  revocation = 'works',
} = {}) {
  const { endSessionPath = '/session/end', rule } = profile ? PROVIDER_PROFILES[profile] : {};
  // The issuer must carry the real port, so bind first when asked for a free one.
  const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES });
  server.listen(port, host);
  await once(server, 'listening');
  const issuer = `http://${host}:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: clients ?? demoClients(pagesOrigins),
    cookies: { keys: ['sign-out-button-demo-only-key'] },
    pkce: { required: () => true },
    routes: { end_session: endSessionPath },
    // Scope claims go into the ID token, so a big account makes a big token.
    conformIdTokenClaims: false,
    clientBasedCORS: () => true,
    // Front-Channel Logout 1.0 client metadata, which the front-channel layer reads.
    extraClientMetadata: { properties: ['frontchannel_logout_uri', 'frontchannel_logout_session_required'] },
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
  // Front-Channel Logout 1.0 §3: a client with a front-channel logout URI gets `sid` in its ID
  // tokens (oidc-provider adds it only for back-channel clients).
  const includeSid = provider.Client.prototype.includeSid;
  provider.Client.prototype.includeSid = function includeSidForFrontChannel() {
    return (
      (Boolean(this.frontchannel_logout_uri) && this.frontchannel_logout_session_required !== false) ||
      includeSid.call(this)
    );
  };
  // The clients that took part in a session, noted while it ends (the front-channel layer renders them).
  provider.on('end_session.success', (ctx) => {
    if (!ctx.oidc.params.logout) return;
    ctx.state.frontChannel = Object.entries(ctx.oidc.session.authorizations ?? {}).map(([clientId, { sid }]) => ({
      clientId,
      sid,
    }));
  });

  const requests = [];
  provider.use(frontLayer({ endSessionPath, rule, requests, discoveryOverrides, headers, revocation }));

  server.on('request', provider.callback());
  const close = async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  };
  return { issuer, provider, requests, endSessionPath, close };
}
