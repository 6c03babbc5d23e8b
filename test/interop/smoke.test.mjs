// Smoke test of the real providers, each started once from a fresh configuration: what its
// discovery publishes, a sign-in through its own login form, an RP-initiated logout GET
// (id_token_hint, state) answered at its own prompt, a new sign-in that asks for credentials
// again, and the quirks the README lists. A provider whose Debian packages are missing (and
// cannot be installed here) is skipped with a line that gives the command to install them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROVIDER_NAMES, ensureInstalled, start } from '../../demo/real-providers/providers.mjs';
import {
  INTEROP_PATHS,
  askCheckSession,
  claimsOf,
  launchChromium,
  openSession,
  signIn,
  startRp,
  startSignIn,
} from './rp.mjs';
import { http, redacted } from '../../demo/real-providers/shared.mjs';

const runStarted = Date.now();
let rp;
let browser;

before(async () => {
  [rp, browser] = await Promise.all([startRp(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await rp?.close();
  console.log(`# interop smoke: ${((Date.now() - runStarted) / 1000).toFixed(1)} s in all`);
});

/** True when `name`'s packages are there; else a line and a skipped test that give the command. */
function installedOrSkipped(name) {
  const installed = ensureInstalled(name);
  if (installed.ok) return true;
  console.log(`# interop: skipping ${name}: ${installed.reason}`);
  test(`${name} is installed`, { skip: installed.reason }, () => {});
  return false;
}

/** What each provider publishes in its discovery document (true: present, false: absent). */
const PUBLISHES = {
  glewlwyd: {
    end_session_endpoint: true,
    check_session_iframe: true,
    frontchannel_logout_supported: false,
    revocation_endpoint: true,
  },
  lemonldap: {
    end_session_endpoint: true,
    check_session_iframe: false,
    frontchannel_logout_supported: true,
    revocation_endpoint: false,
  },
};

const form = (fields) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** A new sign-in shows the provider's login form (not a silent sign-in): its session ended. */
async function asksForCredentials(page, op) {
  await startSignIn(page, rp.origin);
  const password = op.name === 'glewlwyd' ? page.getByLabel('Password') : page.locator('#lform [name=password]');
  const shown = await Promise.race([
    password.waitFor().then(() => 'login form'),
    page.waitForURL(`${rp.origin}/test/interop/pages/app.html`).then(() => 'signed in silently'),
  ]);
  return shown === 'login form';
}

/**
 * Signs in, logs out with `goToEndSession(page)` (which resolves with the URL it used), answers
 * the prompt, then sends the same logout again; resolves with what happened.
 */
async function signInAndOut(op, state, goToEndSession) {
  const session = await openSession(browser, op);
  const { page, log, navigations } = session;
  try {
    const shown = await signIn(page, op, rp.origin);
    const tokens = await page.evaluate(() => ({ idToken: window.idToken(), refreshToken: window.refreshToken() }));
    const endSessionUrl = await goToEndSession(page, tokens);
    const prompted = Date.now();
    const answer = await op.confirmLogout(page);
    await page.waitForURL((url) => url.origin === rp.origin && url.pathname.endsWith('/signed-out.html'));
    await page.waitForSelector('body[data-ready]');
    const landed = navigations.at(-1);
    const returnedState = await page.textContent('#state');
    const frames = log.filter((entry) => entry.type === 'front-channel');
    const repeated = endSessionUrl ? await logoutAgain(page, op, endSessionUrl) : null;
    const asksAgain = await asksForCredentials(page, op);
    const landedMs = landed.at - prompted;
    return { shown, ...tokens, answer, returnedState, landedMs, landed, frames, repeated, asksAgain };
  } finally {
    await session.close();
  }
}

/**
 * The same logout GET once the session has ended: where it leaves the browser. LemonLDAP::NG
 * sends it straight back; Glewlwyd, whose id_token_hint is no longer valid, strands it.
 */
async function logoutAgain(page, op, endSessionUrl) {
  await page.goto(endSessionUrl);
  const back = page.waitForURL((url) => url.origin === rp.origin).then(() => 'back');
  const stranded = page
    .getByText('Invalid login URL')
    .waitFor()
    .then(() => 'stranded');
  const outcome = await Promise.race([back, stranded]);
  back.catch(() => {});
  stranded.catch(() => {});
  const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim();
  return { outcome, url: redacted(page.url()), text: text.slice(0, 160) };
}

const byGet = (state) => async (page) => {
  const url = await page.evaluate((value) => window.endSessionUrl(value), state);
  await page.goto(url);
  return url;
};

/** An end-session form POST from the RP page, with the same parameters as the GET. */
const byPost = (state) => async (page) => {
  await page.evaluate(async (value) => {
    const url = new URL(await window.endSessionUrl(value));
    const post = Object.assign(document.createElement('form'), { method: 'POST', action: url.origin + url.pathname });
    for (const [name, field] of url.searchParams) {
      post.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value: field }));
    }
    document.body.append(post);
    post.submit();
  }, state);
  await page.waitForURL((url) => url.origin !== rp.origin);
};

/** Checks of each provider's own behaviour, beyond the common flow. */
const QUIRKS = {
  glewlwyd: {
    async 'sends X-Frame-Options: deny, refuses POST at end-session (404)'(t, op) {
      const login = await http(`${new URL(op.issuer).origin}/login.html`);
      const checkSession = await http(op.discovery.check_session_iframe);
      const post = await http(op.discovery.end_session_endpoint, form({ id_token_hint: 'x', state: 's' }));
      t.diagnostic(
        `X-Frame-Options: login.html ${login.headers['x-frame-options']}, check_session_iframe ` +
          `${checkSession.headers['x-frame-options']}; POST end_session: ${post.status}`,
      );
      assert.equal(login.headers['x-frame-options'], 'deny');
      assert.equal(checkSession.headers['x-frame-options'], 'deny');
      assert.equal(post.status, 404);
    },
    async 'without state, stays on its own page after logout'(t, op) {
      const session = await openSession(browser, op);
      const { page } = session;
      try {
        await signIn(page, op, rp.origin);
        const url = new URL(await page.evaluate(() => window.endSessionUrl('unused')));
        url.searchParams.delete('state');
        const answer = await page.goto(url.href);
        const location = new URL((await answer.request().redirectedFrom()?.response())?.headers().location ?? url);
        await op.confirmLogout(page);
        await page.getByText('You are disconnected').waitFor();
        const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim();
        t.diagnostic(
          `without state: sent to ${location.pathname}${redacted(location.search).slice(0, 200)}; after Logout at ${redacted(page.url()).slice(0, 80)}: "${text.slice(0, 200)}"`,
        );
        assert.equal(new URL(page.url()).origin, new URL(op.issuer).origin);
        assert.equal(location.searchParams.get('post_redirect_to'), null);
      } finally {
        await session.close();
      }
    },
    async '401 to a public client revoking its tokens (RFC 7009 without client auth)'(t, op) {
      const session = await openSession(browser, op);
      try {
        await signIn(session.page, op, rp.origin);
        const tokens = await session.page.evaluate(() => ({
          refresh_token: window.refreshToken(),
          access_token: window.accessToken(),
        }));
        const [client] = op.clients;
        const answers = {};
        for (const [hint, token] of Object.entries(tokens)) {
          const revoke = await http(
            op.discovery.revocation_endpoint,
            form({ token, token_type_hint: hint, client_id: client.clientId }),
          );
          answers[hint] = `${revoke.status} ${revoke.headers['www-authenticate'] ?? ''}`.trim();
        }
        t.diagnostic(`revocation as the public client: ${JSON.stringify(answers)}`);
        assert.match(answers.refresh_token, /^401/);
      } finally {
        await session.close();
      }
    },
  },
  lemonldap: {
    async 'frames none of its pages, serves an unpublished check-session page'(t, op) {
      const portal = await http(`${op.issuer}/`);
      const checkSession = await http(`${op.issuer}/oauth2/checksession.html`);
      t.diagnostic(
        `portal: X-Frame-Options ${portal.headers['x-frame-options']}, CSP ${portal.headers['content-security-policy']}; ` +
          `/oauth2/checksession.html: ${checkSession.status}, X-Frame-Options ${checkSession.headers['x-frame-options']}`,
      );
      assert.equal(portal.headers['x-frame-options'], 'DENY');
      assert.match(portal.headers['content-security-policy'], /frame-ancestors 'none'/);
      assert.equal(checkSession.status, 200);
      assert.equal(checkSession.headers['x-frame-options'], undefined);
    },
    async 'takes POST at end-session: same prompt, then its 30-second redirect notice'(t, op) {
      const result = await signInAndOut(op, 'smoke-post', byPost('smoke-post'));
      t.diagnostic(`POST: prompt "${result.answer.prompt}", then "${result.answer.notice}"`);
      assert.equal(result.landed.url.split('?')[0].endsWith('/signed-out.html'), true);
      assert.equal(result.returnedState, 'smoke-post');
      assert.match(result.answer.notice, /redirected in (30|29) seconds/);
      assert.ok(result.asksAgain);
    },
  },
};

for (const name of PROVIDER_NAMES) {
  describe(name, () => {
    if (!installedOrSkipped(name)) return;
    let op;
    before(async () => {
      op = await start(name, { rpOrigins: [rp.origin], clients: [INTEROP_PATHS, INTEROP_PATHS] });
    });
    after(() => op?.stop());

    test('starts from a fresh configuration within seconds', (t) => {
      t.diagnostic(`${name} ${op.version}: issuer ${op.issuer}, discovery answered ${op.startMs} ms after start()`);
      assert.ok(op.startMs < 15000, `${name} took ${op.startMs} ms`);
      assert.equal(op.discovery.issuer, op.issuer);
      assert.equal(op.clients.length, 2);
    });

    test('publishes what the README says in discovery', (t) => {
      const published = Object.fromEntries(Object.keys(PUBLISHES[name]).map((key) => [key, op.discovery[key] ?? null]));
      t.diagnostic(`${name} discovery: ${JSON.stringify(published)}`);
      for (const [key, expected] of Object.entries(PUBLISHES[name])) {
        assert.equal(Boolean(op.discovery[key]), expected, `${key}: ${JSON.stringify(op.discovery[key])}`);
      }
    });

    test('signs in through its form, logs out by GET after its prompt, then asks again', async (t) => {
      const state = `smoke-${name}`;
      const result = await signInAndOut(op, state, byGet(state));
      t.diagnostic(
        `${name}: prompt "${result.answer.prompt}"; front-channel ${JSON.stringify(result.frames.map((f) => f.query))}; ` +
          `post-logout page ${result.landedMs} ms after the prompt showed`,
      );
      assert.equal(result.shown, op.user.name);
      assert.equal(claimsOf(result.idToken).iss, op.issuer);
      assert.equal(result.returnedState, state);
      assert.ok(result.asksAgain, 'a new sign-in went through without the login form');
      t.diagnostic(`${name}: the same logout again → ${result.repeated.url} "${result.repeated.text}"`);
      assert.equal(result.repeated.outcome, name === 'glewlwyd' ? 'stranded' : 'back');
      assert.equal(result.frames.length, 1, 'one front-channel frame: the one client signed in');
      assert.equal(result.frames[0].query.iss, op.issuer);
      const { sid, sub } = claimsOf(result.idToken);
      if (name === 'glewlwyd') {
        // Its sid is the ID token's; its page leaves once the frames have loaded.
        assert.equal(result.frames[0].query.sid, sid);
        assert.ok(result.frames[0].at <= result.landed.at);
      } else {
        // No sid in its ID tokens; its front-channel "sid" is the user's sub.
        assert.equal(sid, undefined);
        assert.equal(result.frames[0].query.sid, sub);
      }
    });

    for (const [title, check] of Object.entries(QUIRKS[name] ?? {})) test(title, (t) => check(t, op));
  });
}

// Glewlwyd's check_session_iframe answers only messages whose origin contains its own host
// (with port) and only when framing is allowed: provider at op.localhost:PORT, RP pages at
// rp1.op.localhost on the same PORT through the provider's virtual-host proxy.
describe('glewlwyd check_session_iframe', () => {
  if (!installedOrSkipped('glewlwyd')) return;
  let op;
  let rpOrigin;
  before(async () => {
    const rpOnItsOwnPort = `http://rp1.op.localhost:${new URL(rp.origin).port}`;
    op = await start('glewlwyd', {
      host: 'op.localhost',
      allowFraming: true,
      vhosts: { 'rp1.op.localhost': rp.target },
      rpOrigins: [rpOnItsOwnPort],
      clients: [INTEROP_PATHS, INTEROP_PATHS],
    });
    rpOrigin = op.vhostOrigins['rp1.op.localhost'];
  });
  after(() => op?.stop());

  test('answers unchanged, then changed once the session ended', async (t) => {
    const session = await openSession(browser, op);
    const { page, context } = session;
    try {
      await signIn(page, op, rpOrigin);
      const message = `${op.clients[0].clientId} ${await page.evaluate(() => window.sessionState())}`;
      const before = await askCheckSession(page, op.discovery.check_session_iframe, message);
      const other = await context.newPage();
      await other.goto(`${rpOrigin}/test/interop/pages/app.html`);
      await other.waitForSelector('body[data-ready]');
      await other.goto(await other.evaluate(() => window.endSessionUrl('check-session')));
      await op.confirmLogout(other);
      await other.waitForURL((url) => url.origin === rpOrigin && url.pathname.endsWith('/signed-out.html'));
      const afterLogout = await askCheckSession(page, op.discovery.check_session_iframe, message);
      // The same RP page on its own port: its origin lacks "op.localhost:PORT", so no answer.
      await other.goto(`http://rp1.op.localhost:${new URL(rp.origin).port}/test/interop/pages/app.html`);
      const otherPort = await askCheckSession(other, op.discovery.check_session_iframe, message, 1500);
      t.diagnostic(`RP ${rpOrigin}: ${before}, after logout ${afterLogout}; RP on another port: ${otherPort}`);
      assert.equal(before, 'unchanged');
      assert.equal(afterLogout, 'changed');
      assert.equal(otherPort, 'no answer');
    } finally {
      await session.close();
    }
  });
});
