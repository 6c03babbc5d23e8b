// The embedded OpenID Provider: panva's oidc-provider, configured for the demo and the end-to-end
// tests. Dev interactions (any login name, any password), a public SPA client, and an end-session
// page that signs out at once when a valid id_token_hint came and asks the user otherwise.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { PROVIDER_PROFILES } from './provider-profiles.mjs';

/** How long the `slow` revocation endpoint takes to answer: longer than a sign-out waits for it. */
export const SLOW_REVOCATION_MS = 3000;

/** Like many servers (and proxies) in front of real providers: longer request heads get a 431. */
export const MAX_REQUEST_HEAD_BYTES = 8192;
/** How many requests the provider's log keeps (the newest). */
export const MAX_LOGGED_REQUESTS = 5000;

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

/** The client a visitor's own app uses (`npm start -- --client-origin ORIGIN`). */
export const VISITOR_CLIENT_ID = 'my-app';
/** The client metadata that lists a visitor client's origins (any page there is a redirect target). */
const VISITOR_ORIGINS = 'demo_visitor_origins';

/**
 * A visitor's own app at the demo provider (`npm start -- --client-origin http://127.0.0.1:5591`):
 * a public client, PKCE, whose redirect and post-logout URIs are any page of `origins` (a fresh app
 * has its own paths; the provider checks the origin), and whose front-channel logout page is
 * `/front-channel.html` on the first origin.
 */
export function visitorClient(origins) {
  return {
    client_id: VISITOR_CLIENT_ID,
    client_name: 'Your app',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: origins.map((origin) => `${origin}/callback.html`),
    post_logout_redirect_uris: origins.map((origin) => `${origin}/`),
    frontchannel_logout_uri: `${origins[0]}/front-channel.html`,
    [VISITOR_ORIGINS]: origins,
  };
}

/** The demo's icon (demo/favicon.svg), served by the provider too: its pages ask for nothing elsewhere. */
export const FAVICON_SVG = readFileSync(new URL('./favicon.svg', import.meta.url), 'utf8');
const FAVICON_LINK = '<link rel="icon" href="/favicon.svg" type="image/svg+xml">';

/**
 * The provider's own look (login, confirm, signed out, front-channel, errors): one card, the demo's
 * colors, light or dark as the browser prefers, system fonts only (nothing from another site), and
 * which provider this is, so a visitor always knows whose page they are on.
 */
export const PROVIDER_CSS = `
  :root { color-scheme: light dark; --brand: #1d4ed8; --page: #eef2ff; --card: #fff; --text: #1f2937;
    --muted: #4b5563; --field: #fff; --field-line: #cbd5e1; --shadow: #1e3a8a22; }
  @media (prefers-color-scheme: dark) {
    :root { --brand: #93b4ff; --page: #0b1120; --card: #172033; --text: #e5e7eb; --muted: #a8b3c4;
      --field: #0f172a; --field-line: #475569; --shadow: #0008; }
  }
  body { font-family: system-ui, sans-serif; background: var(--page); color: var(--text); margin: 0; min-height: 100vh;
    display: grid; place-items: center; }
  .login-card, main.op { background: var(--card); color: var(--text); border-radius: 12px; box-shadow: 0 8px 30px var(--shadow);
    padding: 2rem 2.25rem; width: min(26rem, 92vw); box-sizing: border-box; margin: 1rem auto; }
  .login-card + .login-card { padding-top: 1rem; }
  .op-brand { font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--brand); margin: 0 0 .5rem; }
  h1, .login-card h1 { font-size: 1.35rem; font-weight: 650; text-align: left; margin: 0 0 1rem; }
  input[type=text], input[type=password], .login-card input[type=text] { display: block; width: 100%; height: auto;
    box-sizing: border-box; margin: 0 0 .75rem; padding: .6rem .75rem; border: 1px solid var(--field-line);
    border-radius: 8px; font: inherit; text-transform: none; text-align: left; background: var(--field); color: var(--text); }
  button, .login-submit, .login-card [type=submit] { font: inherit; font-weight: 600; height: auto; width: auto;
    display: inline-block; padding: .6rem 1.1rem; border-radius: 8px; border: 1px solid var(--brand); background: var(--brand);
    color: var(--card); text-shadow: none; cursor: pointer; margin: .25rem .5rem .25rem 0; }
  button.secondary { background: transparent; color: var(--brand); }
  .login-help, .login-card a { margin-top: 1rem; font-size: .9rem; opacity: 1; color: var(--brand); text-align: left; }
  .login-card label { color: var(--muted); }
  .grant-debug { display: none; }
  p.note { color: var(--muted); font-size: .9rem; }
  code { font-size: .9rem; }
`;

function providerPage(title, body, brand = 'Demo OpenID Provider') {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
${FAVICON_LINK}<style>${PROVIDER_CSS}</style></head>
<body><main class="op"><p class="op-brand">${escapeHtml(brand)}</p>
${body}
</main></body>
</html>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function logoutSource(ctx, form) {
  // oidc-provider has already validated a given id_token_hint (or thrown): its presence means valid.
  const hinted = Boolean(ctx.oidc.params.id_token_hint);
  ctx.type = 'html';
  ctx.body = providerPage(
    'Sign out of the demo provider',
    `<h1>${hinted ? 'Signing you out…' : `Do you want to sign out of ${escapeHtml(ctx.host)}?`}</h1>
  ${hinted ? '' : '<p class="note">The request came without a valid ID token hint, so the provider asks you.</p>'}
  ${form}
  <button id="confirm-logout" type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
  <button id="stay-signed-in" class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>
  ${
    hinted
      ? `<script>
    const form = document.getElementById('op.logoutForm');
    const field = Object.assign(document.createElement('input'), { type: 'hidden', name: 'logout', value: 'yes' });
    form.append(field);
    form.submit();
  </script>`
      : ''
  }`,
  );
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = providerPage(
    'Signed out',
    `<h1 id="op-signed-out">You are signed out of the demo provider.</h1>
  <p class="note">No return address was given, so the provider's own page ends here.</p>`,
  );
}

/** oidc-provider's error page, in the provider's look (its own asks Google for a font). */
async function renderError(ctx, out) {
  ctx.type = 'html';
  ctx.body = providerPage(
    'Error',
    `<h1 id="op-error">Something went wrong</h1>
  ${Object.entries(out)
    .map(([name, value]) => `<p class="note"><b>${escapeHtml(name)}</b>: ${escapeHtml(value)}</p>`)
    .join('\n  ')}`,
  );
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
function frontLayer({
  endSessionPath,
  rule,
  requests,
  discoveryOverrides,
  discoveryCacheControl,
  headers,
  endSessionHeaders,
  revocation,
  frontChannelLingerMs,
}) {
  return async (ctx, next) => {
    for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
    if (ctx.path === '/favicon.ico' || ctx.path === '/favicon.svg') {
      ctx.type = 'image/svg+xml';
      ctx.set('Cache-Control', 'max-age=86400');
      ctx.body = FAVICON_SVG;
      return;
    }
    // A provider that refuses to be framed on its end-session pages (the prompt, the result).
    if (ctx.path.startsWith(endSessionPath))
      for (const [name, value] of Object.entries(endSessionHeaders)) ctx.set(name, value);
    const atEndSession = ctx.path === endSessionPath;
    let params = new URLSearchParams(ctx.querystring);
    const entry = { method: ctx.method, path: ctx.path, contentType: ctx.get('content-type'), at: Date.now() };
    if (atEndSession && ctx.method === 'POST') {
      params = await readForm(ctx.req);
      ctx.method = 'GET';
      ctx.querystring = params.toString();
    }
    requests.push({ ...entry, params: [...params] });
    // The log is bounded: a demo left running for days keeps the newest requests only.
    if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);
    if (ctx.path === '/token/revocation' && revocation === 'refuses-refresh' && ctx.method === 'POST') {
      // Glewlwyd's answer to a public client: 401 for a refresh token (it demands client
      // authentication), while the access token is revoked as usual.
      const form = await readForm(ctx.req);
      if (form.get('token_type_hint') === 'refresh_token') {
        ctx.status = 401;
        ctx.set('Access-Control-Allow-Origin', ctx.get('origin') || '*');
        ctx.body = 'invalid_client';
        return;
      }
      // Read already: oidc-provider takes the body from here.
      ctx.req.body = form.toString();
    } else if (ctx.path === '/token/revocation' && revocation !== 'works') {
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
      // oidc-provider sends none; a provider that lets browsers keep its document says so here.
      if (discoveryCacheControl) ctx.set('Cache-Control', discoveryCacheControl);
    }
    if (ctx.state.frontChannel && ctx.status === 303) await frontChannelPage(ctx, frontChannelLingerMs);
    if (typeof ctx.body === 'string' && ctx.body.includes('</head>')) {
      // oidc-provider's own pages import a Google font: an offline demo loads nothing from elsewhere.
      ctx.body = ctx.body.replace(/@import url\(https?:\/\/fonts\.googleapis\.com\/[^)]*\);?/g, '');
      // Its login page (oidc-provider 9 renders `.login-card`), in the look of the provider's other pages.
      if (ctx.path.startsWith('/interaction/'))
        ctx.body = ctx.body
          .replace('</head>', `${FAVICON_LINK}<style>${PROVIDER_CSS}</style></head>`)
          .replace('<html >', '<html lang="en">')
          .replace(/(<div class="login-card">)/, '$1<p class="op-brand">Demo OpenID Provider</p>');
    }
  };
}

/** Shortens a token for display: its first characters and its length, never the whole token. */
export function shortenToken(value) {
  return value.length > 16 ? `${value.slice(0, 10)}…(${value.length} characters)` : value;
}
const TOKEN_PARAMS = new Set(['id_token_hint', 'token', 'refresh_token', 'access_token', 'client_secret']);

/**
 * The demo's window into its own provider (`npm start` only, never in the tests of behaviour):
 * - `GET /demo-status?since=<ms>`: the profile, whether this browser has a live session here and
 *   with which apps, and what the provider received since `since` (tokens shortened), so the demo
 *   page can show "signed in at the provider" live and what its sign-out sent;
 * - `POST /demo-profile` (body: a profile key, or empty for oidc-provider's defaults): the same
 *   issuer, clients and sessions, behaving as another documented provider.
 * Readable by the demo pages' origins only (CORS with credentials); the profile is changed only by
 * a POST whose `Origin` is one of them (403 otherwise), and both answer only to the provider's own
 * `Host` (421 otherwise).
 */
function demoLayer({ provider, profileName, endSessionPath, pagesOrigins, requests, demoState, switchTo, ownHost }) {
  return async (ctx, next) => {
    ctx.state.demo = { frontChannel: (frames) => (demoState.frontChannel = { at: Date.now(), frames }) };
    if (ctx.path !== '/demo-status' && ctx.path !== '/demo-profile') return next();
    // Only by the provider's own name: a DNS-rebinding page on another name gets nothing.
    if (ctx.get('host') !== ownHost) {
      ctx.status = 421;
      ctx.body = { error: 'misdirected request' };
      return;
    }
    const origin = ctx.get('origin');
    const ownPage = Boolean(origin) && pagesOrigins.includes(origin);
    if (ownPage) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
      ctx.set('Vary', 'Origin');
    }
    ctx.set('Cache-Control', 'no-store');
    if (ctx.path === '/demo-profile' && ctx.method === 'POST') {
      // A form or a no-CORS fetch from any site is a "simple" request that arrives without a
      // preflight: only the demo's own pages may change how the provider behaves.
      if (!ownPage) {
        ctx.status = 403;
        ctx.body = { error: 'only the demo pages may switch the profile' };
        return;
      }
      let key = '';
      for await (const chunk of ctx.req) key += chunk;
      key = key.trim();
      if (key && !PROVIDER_PROFILES[key]) {
        ctx.status = 400;
        ctx.body = { error: `unknown profile ${key}` };
        return;
      }
      switchTo(key || undefined);
      ctx.body = { profile: key || null };
      return;
    }
    const session = await provider.Session.get(ctx);
    const since = Number(ctx.query.since) || 0;
    ctx.body = {
      profile: {
        key: profileName ?? null,
        name: profileName ? PROVIDER_PROFILES[profileName].name : 'oidc-provider defaults',
        endSessionPath,
        notes: profileName ? PROVIDER_PROFILES[profileName].notes : 'found by discovery',
      },
      session: session?.accountId
        ? { account: session.accountId, apps: Object.keys(session.authorizations ?? {}) }
        : null,
      received: requests
        .filter((request) => request.at >= since && !request.path.startsWith('/demo-'))
        .map(({ at, method, path, contentType, params }) => ({
          at,
          method,
          path,
          contentType: contentType || null,
          params: params.map(([name, value]) => [name, TOKEN_PARAMS.has(name) ? shortenToken(value) : value]),
        })),
      frontChannel: demoState.frontChannel && demoState.frontChannel.at >= since ? demoState.frontChannel : null,
    };
  };
}

/**
 * The front-channel layer. oidc-provider 9 has no Front-Channel Logout, so, like Keycloak and
 * Duende IdentityServer, this layer renders it: when a session ends (`end_session.success`), the
 * page that would redirect onwards first loads, in hidden iframes, the `frontchannel_logout_uri`
 * of every client that took part in the session, with `iss` and `sid`, then continues once they
 * loaded (plus `frontChannelLingerMs` for their scripts), or after 4 s at most.
 */
async function frontChannelPage(ctx, lingerMs) {
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
  ctx.state.demo?.frontChannel(frames);
  ctx.body = providerPage(
    'Signing you out',
    `<h1 id="op-front-channel">Signing you out of ${frames.length} app${frames.length > 1 ? 's' : ''}…</h1>
  <p class="note">Front-channel logout: each app's logout page loads in a hidden frame.</p>
  ${frames.map((src) => `<iframe hidden class="front-channel" src="${escapeHtml(src)}"></iframe>`).join('\n  ')}
  <script>
    const frames = [...document.querySelectorAll('iframe.front-channel')];
    let loaded = 0;
    const next = () => location.replace(${JSON.stringify(next)});
    setTimeout(next, 4000);
    for (const frame of frames) frame.addEventListener('load', () => { if (++loaded === frames.length) setTimeout(next, ${lingerMs}); });
  </script>`,
  );
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
 * - `endSessionHeaders`: response headers on the end-session pages only (e.g. `X-Frame-Options:
 *   DENY` and `Content-Security-Policy: frame-ancestors 'none'`, as providers that refuse framing);
 * - `frontChannelLingerMs`: how long the front-channel page stays once its frames loaded (default
 *   1000; Glewlwyd moves on after about 500 ms);
 * - `discoveryCacheControl`: a `Cache-Control` for the discovery document (oidc-provider sends none);
 * - `revocation`: `works` (default), `fails` (503), `slow` (answers after 3 s) or
 *   `refuses-refresh` (401 for a refresh token, as Glewlwyd answers a public client; an access
 *   token is revoked): a provider's revocation endpoint as the tests need it;
 * - `latencyMs`: holds every request that long before oidc-provider sees it, as a provider across
 *   a real network would be (`npm run bench` uses 100 ms); `setLatency(ms)` changes it later.
 * Clients may carry `frontchannel_logout_uri` (and `frontchannel_logout_session_required`): the
 * front-channel layer above loads it when their session ends, and their ID tokens carry `sid`.
 * Returns `{ issuer, provider, requests, endSessionPath, configure, switchTo, setLatency, close }`;
 * `requests` lists the requests the provider saw (the newest 5000), with their parameters (query, or form body for a
 * POST at end-session). `configure(options)` makes the running provider behave from then on as
 * `startProvider` with those options (the same ones as above but host, port, demo and latency)
 * would: the same issuer, port, sessions, grants and `requests`, so that one provider serves tests
 * that need differently behaving ones. `switchTo(profile)` changes only the profile.
 */
export async function startProvider({ host = '127.0.0.1', port = 4000, demo = false, latencyMs = 0, ...options } = {}) {
  // The issuer must carry the real port, so bind first when asked for a free one.
  const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES });
  server.listen(port, host);
  await once(server, 'listening');
  const issuer = `http://${host}:${server.address().port}`;
  const ownHost = new URL(issuer).host;
  const requests = [];
  const demoState = { frontChannel: null };

  /** One oidc-provider instance configured so; its sessions live in oidc-provider's shared memory store. */
  function build(configuration) {
    const {
      pagesOrigins = ['http://127.0.0.1:5173'],
      rpInitiatedLogout = true,
      profile: profileName,
      clients,
      discoveryOverrides,
      headers = {},
      endSessionHeaders = {},
      discoveryCacheControl,
      revocation = 'works',
      frontChannelLingerMs = 1000,
    } = configuration;
    const { endSessionPath = '/session/end', rule } = profileName ? PROVIDER_PROFILES[profileName] : {};
    const provider = new Provider(issuer, {
      clients: clients ?? demoClients(pagesOrigins),
      cookies: { keys: ['sign-out-button-demo-only-key'] },
      renderError,
      pkce: { required: () => true },
      routes: { end_session: endSessionPath },
      // Scope claims go into the ID token, so a big account makes a big token.
      conformIdTokenClaims: false,
      clientBasedCORS: () => true,
      // Front-Channel Logout 1.0 client metadata, which the front-channel layer reads.
      extraClientMetadata: {
        properties: ['frontchannel_logout_uri', 'frontchannel_logout_session_required', VISITOR_ORIGINS],
      },
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
    // A visitor's app: any page of its origins is a redirect target, as `visitorClient` says.
    const onVisitorOrigin = (client, value) => {
      try {
        return Boolean(client[VISITOR_ORIGINS]?.includes(new URL(value).origin));
      } catch {
        return false;
      }
    };
    const { redirectUriAllowed, postLogoutRedirectUriAllowed } = provider.Client.prototype;
    provider.Client.prototype.redirectUriAllowed = function redirectUriAllowedForVisitor(value) {
      return onVisitorOrigin(this, value) || redirectUriAllowed.call(this, value);
    };
    provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowedForVisitor(value) {
      return onVisitorOrigin(this, value) || postLogoutRedirectUriAllowed.call(this, value);
    };
    // The clients that took part in a session, noted while it ends (the front-channel layer renders them).
    provider.on('end_session.success', (ctx) => {
      if (!ctx.oidc.params.logout) return;
      ctx.state.frontChannel = Object.entries(ctx.oidc.session.authorizations ?? {}).map(([clientId, { sid }]) => ({
        clientId,
        sid,
      }));
    });
    if (demo)
      provider.use(
        demoLayer({ provider, profileName, endSessionPath, pagesOrigins, requests, demoState, switchTo, ownHost }),
      );
    provider.use(
      frontLayer({
        endSessionPath,
        rule,
        requests,
        discoveryOverrides,
        discoveryCacheControl,
        headers,
        endSessionHeaders,
        revocation,
        frontChannelLingerMs,
      }),
    );
    return { provider, endSessionPath, handle: provider.callback() };
  }

  let configuration = options;
  let current = build(configuration);
  /** The tests' control: the same issuer, sessions and request log, another behaviour. */
  function configure(newConfiguration = {}) {
    configuration = newConfiguration;
    current = build(configuration);
  }
  /** The demo's provider-profile control: the same issuer, sessions and clients, another behaviour. */
  function switchTo(profileName) {
    configure({ ...configuration, profile: profileName });
  }
  // The latency layer: the request waits, then is handled as it is; nothing else changes.
  let latency = latencyMs;
  server.on('request', (request, response) => {
    if (latency > 0) setTimeout(() => current.handle(request, response), latency);
    else current.handle(request, response);
  });
  const close = async () => {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  };
  return {
    issuer,
    get provider() {
      return current.provider;
    },
    get endSessionPath() {
      return current.endSessionPath;
    },
    requests,
    configure,
    switchTo,
    setLatency(ms) {
      latency = ms;
    },
    close,
  };
}
