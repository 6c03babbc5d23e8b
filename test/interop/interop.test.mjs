// The interop suite: the real <sign-out-button> (the built drop-in files, dist/cdn/, in headless
// Chromium as people's Chromium runs) against two real OpenID Providers from Debian, Glewlwyd and
// LemonLDAP::NG, each started once. Every case signs in through the provider's own login form and
// answers its own prompts as a person would; that a provider session ended is proven by the
// provider itself: a new sign-in shows its login form. Two RP origins (127.0.0.1 on two ports:
// two origins of one site, the provider's) are its two public clients. A provider whose packages
// are missing and cannot be installed here is skipped with a line that gives the command.
// One summary line per provider at the end: `# interop NAME VERSION: N passed, M failed (S s)`.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from '../e2e/support/node-test.mjs';
import { run } from '../e2e/support/processes.mjs';
import { launchChromium, startPages } from '../e2e/support/stack.mjs';
import { PROVIDER_NAMES, ensureInstalled, installCommand, start } from '../../demo/real-providers/providers.mjs';
import { http, redacted } from '../../demo/real-providers/shared.mjs';
// The demo against both providers (`npm start -- --provider NAME`): npm test runs this file only.
import './demo.test.mjs';

/** The pages of test/interop/pages/ that use the package, as each client registers them. */
const BUTTON_PATHS = {
  redirectPath: '/test/interop/pages/button-callback.html',
  postLogoutPath: '/test/interop/pages/return.html',
  frontChannelPath: '/test/interop/pages/fc.html',
};
/** Per case: one sign-in, a prompt, maybe a popup's wait; a loaded machine is slower (60 s ran out at a load average near 25). */
const CASE_TIMEOUT_MS = 120_000;
/** How long the person takes to confirm in the popup: past the old 5 s default, well within 120 s. */
const POPUP_CONFIRM_AFTER_MS = 6_500;

const runStarted = Date.now();
let rps = [];
let browser;
const summaries = [];

before(async () => {
  // The front-channel page loads the built drop-in file: `npm test` builds dist/ first.
  if (!existsSync(new URL('../../dist/cdn/sign-out-button.iife.js', import.meta.url))) {
    const build = await run(process.execPath, ['scripts/build.mjs'], { timeoutMs: 120_000 });
    assert.equal(build.code, 0, `node scripts/build.mjs failed:\n${build.output}`);
  }
  [rps, browser] = await Promise.all([Promise.all([startPages(), startPages()]), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await Promise.all(rps.map((rp) => rp.close()));
  for (const line of summaries) console.log(line);
  console.log(`# interop: ${((Date.now() - runStarted) / 1000).toFixed(1)} s in all`);
});

const pageUrl = (origin, page) => `${origin}/test/interop/pages/${page}`;
const form = (fields) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fresh browser context: its pages know the provider and, by origin, their client; what they
 * record lands in `log`. Its requests to the provider are in `requests`.
 */
async function openSession(op) {
  const context = await browser.newContext();
  const log = [];
  const requests = [];
  await context.exposeBinding('__record', (_source, entry) => void log.push({ at: Date.now(), ...entry }));
  const clients = Object.fromEntries(rps.map((rp, index) => [rp.origin, op.clients[index].clientId]));
  await context.addInitScript((config) => (window.__E2E__ = config), { issuer: op.issuer, clients });
  const providerOrigin = new URL(op.issuer).origin;
  context.on('request', (request) => {
    if (request.url().startsWith(providerOrigin)) requests.push({ method: request.method(), url: request.url() });
  });
  const page = await context.newPage();
  const navigations = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push({ at: Date.now(), url: frame.url() });
  });
  // Playwright's close can hang while a server holds a page's request: 10 s, then the browser's.
  const close = () => Promise.race([context.close().catch(() => undefined), sleep(10_000)]);
  return { context, page, log, requests, navigations, close };
}

/** Waits until `log` has an entry that `match`es, and returns it. */
async function waitForEntry(log, match, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const entry = log.find(match);
    if (entry) return entry;
    await sleep(50);
  }
  throw new Error(`no ${what} within ${timeoutMs} ms; log: ${JSON.stringify(log.map((e) => [e.type, e.origin]))}`);
}
const entryOf = (type, origin) => (entry) => entry.type === type && (!origin || entry.origin === origin);
/**
 * The front-channel frame's result from the app at `origin`, or null. A person reads the
 * provider's notice meanwhile, and a loaded machine may take seconds to run the frame's script.
 */
const frontChannelResult = (log, origin, timeoutMs = 20_000) =>
  waitForEntry(log, entryOf('front-channel', origin), 'front-channel result', timeoutMs).catch(() => null);

/**
 * Opens the app at `origin` and presses Sign in; resolves with what the provider shows: its
 * login form, Glewlwyd's "Continue" of a signed-in person, or straight back (the callback page).
 */
async function pressSignIn(page, op, origin) {
  // Not waiting for `load`: a page left on Glewlwyd's 404 can hold a navigation's load back.
  await page.goto(pageUrl(origin, 'button.html'), { waitUntil: 'commit' });
  await page.waitForSelector('body[data-ready]');
  await page.click('#sign-in');
  const password = op.name === 'glewlwyd' ? page.getByLabel('Password') : page.locator('#lform [name=password]');
  const back = page.waitForURL((url) => url.origin === origin && url.pathname.endsWith('/button-callback.html'));
  const shown = await Promise.race([
    password.waitFor().then(() => 'login form'),
    // Glewlwyd, already signed in: "Connection to CLIENT — What do you wish for?" (Continue, Logout).
    ...(op.name === 'glewlwyd'
      ? [
          page
            .getByRole('button', { name: 'Continue' })
            .waitFor()
            .then(() => 'continue'),
        ]
      : []),
    back.then(() => 'signed in'),
    sleep(20_000).then(() => 'nothing'),
  ]);
  back.catch(() => undefined);
  if (shown === 'nothing') {
    const text = await page
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => '');
    throw new Error(
      `sign-in: ${op.name} showed neither its login form nor the app within 20 s; at ${redacted(page.url()).slice(0, 160)}: ` +
        `"${text.replace(/\s+/g, ' ').trim().slice(0, 200)}"`,
    );
  }
  return shown;
}

/** Who the app at `origin` shows as signed in ("nobody" once signed out locally). */
async function whoIsSignedIn(page, origin = rps[0].origin) {
  // On the app already (the button's after-url): read it there, rather than race a navigation.
  const url = new URL(page.url());
  if (url.origin !== origin || !url.pathname.endsWith('/button.html'))
    await page.goto(pageUrl(origin, 'button.html'), { waitUntil: 'commit' });
  await page.waitForSelector('body[data-ready]');
  return page.textContent('#who');
}

/** Waits for the button's after-url (the app again) to be shown. */
async function afterUrlShown(page) {
  await page.waitForURL((url) => url.pathname.endsWith('/button.html') && url.search === '?after');
  await page.waitForSelector('body[data-ready]');
}

/** Signs in at `origin` (client of that origin) through the form, or the provider's own session. */
async function signIn(page, op, origin = rps[0].origin) {
  const shown = await pressSignIn(page, op, origin);
  if (shown === 'login form') await op.signInForm(page);
  else if (shown === 'continue') await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === origin && url.pathname.endsWith('/button.html'));
  await page.waitForSelector('body[data-ready]');
  await page.waitForSelector('#who:not(:text-is("nobody"))', { timeout: 10_000 });
  return { shown, tokens: await page.evaluate(() => window.tokens()) };
}

/** The provider's own word: does a new sign-in show its login form (`ended`) or not (`alive`)? */
async function providerSession(page, op, origin = rps[0].origin) {
  return (await pressSignIn(page, op, origin)) === 'login form' ? 'ended' : 'alive';
}

/** Sets the button's attributes (null removes one) and clicks it. */
async function clickSignOut(page, attributes = {}) {
  await page.evaluate((entries) => {
    const button = document.querySelector('sign-out-button');
    for (const [name, value] of entries) {
      if (value === null) button.removeAttribute(name);
      else button.setAttribute(name, value);
    }
  }, Object.entries(attributes));
  await page.locator('sign-out-button').click();
}

/** After a redirect sign-out: the prompt answered, the return page's verified result. */
async function confirmAndReturn(page, op, session, origin = rps[0].origin) {
  await page.waitForURL((url) => url.origin === new URL(op.issuer).origin);
  const answer = await op.confirmLogout(page);
  const completed = await waitForEntry(
    session.log,
    entryOf('completed', origin),
    `completed sign-out (tab at ${redacted(page.url())})`,
    // LemonLDAP::NG's 30-second page moves on by itself at worst.
    45_000,
  );
  await afterUrlShown(page);
  return { answer, completed };
}

/** Is `token` still good at the provider? Its userinfo with the access token, a refresh grant. */
async function tokensAtProvider(op, tokens, clientId) {
  const userinfo = await http(op.discovery.userinfo_endpoint, {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  });
  const refresh = tokens.refreshToken
    ? await http(
        op.discovery.token_endpoint,
        form({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: clientId }),
      )
    : null;
  return { userinfo: userinfo.status, refresh: refresh?.status ?? null };
}

/** The cases, each `(t, op, session)`; per provider where it behaves differently. */
const CASES = {
  async 'redirect GET: the prompt answered, state verified, the provider session ended'(t, op, session) {
    const { page } = session;
    await signIn(page, op);
    await clickSignOut(page, { mode: 'redirect', method: 'get', state: 'interop-get' });
    const { answer, completed } = await confirmAndReturn(page, op, session);
    const start = session.log.find(entryOf('sign-out-complete'));
    t.diagnostic(
      `prompt "${answer.prompt}"; result ${JSON.stringify(start?.detail)}; returned ${JSON.stringify(completed.detail)}`,
    );
    assert.equal(start.detail.providerSession, 'redirecting');
    assert.equal(start.detail.method, 'get');
    assert.equal(completed.detail.state, 'interop-get');
    assert.equal(await whoIsSignedIn(page), 'nobody');
    assert.equal(await providerSession(page, op), 'ended');
  },

  async 'redirect POST'(t, op, session) {
    const { page, requests } = session;
    await signIn(page, op);
    await page.evaluate(() => localStorage.setItem('app.data', 'the app keeps this until sign-out'));
    const endSession = new URL(op.discovery.end_session_endpoint).pathname;
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === endSession);
    answered.catch(() => undefined);
    await clickSignOut(page, { mode: 'redirect', method: 'post', state: 'interop-post' });
    const complete = await waitForEntry(session.log, entryOf('sign-out-complete'), 'sign-out-complete');
    assert.equal(complete.detail.method, 'post');
    if (op.name === 'glewlwyd') {
      // Glewlwyd answers a form POST at end-session with 404: the local sign-out still completed,
      // and the provider session survives (README: use method="get" there).
      const response = await answered;
      t.diagnostic(`POST ${endSession}: ${response.status()}; result ${JSON.stringify(complete.detail)}`);
      assert.equal(response.request().method(), 'POST');
      assert.equal(response.status(), 404);
      assert.equal(complete.detail.providerSession, 'redirecting');
      assert.deepEqual(complete.session, {}, 'the stored user and session data gone');
      assert.deepEqual(complete.local, {}, 'the app data in localStorage gone');
      // That tab stays on its 404, whose navigation Playwright never sees end: a new tab asks.
      const probe = await session.context.newPage();
      assert.equal(await providerSession(probe, op), 'alive');
    } else {
      const { answer, completed } = await confirmAndReturn(page, op, session);
      t.diagnostic(`prompt "${answer.prompt}"; returned ${JSON.stringify(completed.detail)}`);
      assert.ok(requests.some((r) => r.method === 'POST' && new URL(r.url).pathname === endSession));
      assert.equal(completed.detail.state, 'interop-post');
      assert.equal(await whoIsSignedIn(page), 'nobody');
      assert.equal(await providerSession(page, op), 'ended');
    }
  },

  async 'iframe, fallback="none": honestly unconfirmed, the provider session survives'(t, op, session) {
    const { page } = session;
    await signIn(page, op);
    const clicked = Date.now();
    await clickSignOut(page, { mode: 'iframe', fallback: 'none', state: 'interop-iframe' });
    const complete = await waitForEntry(session.log, entryOf('sign-out-complete'), 'sign-out-complete', 20_000);
    await afterUrlShown(page);
    t.diagnostic(`iframe: ${JSON.stringify(complete.detail)} ${complete.at - clicked} ms after the click`);
    assert.equal(complete.detail.providerSession, 'unconfirmed');
    assert.equal(await whoIsSignedIn(page), 'nobody');
    assert.equal(await providerSession(page, op), 'alive');
  },

  async 'iframe, default fallback: unconfirmed, then the redirect ends the session'(t, op, session) {
    const { page } = session;
    await signIn(page, op);
    await clickSignOut(page, { mode: 'iframe', state: 'interop-fallback' });
    const { answer, completed } = await confirmAndReturn(page, op, session);
    t.diagnostic(`fallback redirect: prompt "${answer.prompt}"; returned ${JSON.stringify(completed.detail)}`);
    assert.equal(completed.detail.state, 'interop-fallback');
    assert.equal(await providerSession(page, op), 'ended');
  },

  async 'popup, default timeout: the person confirms after a few seconds, ended'(t, op, session) {
    const { page, context } = session;
    await signIn(page, op);
    const opened = context.waitForEvent('page');
    await clickSignOut(page, { mode: 'popup', state: 'interop-popup' });
    const popup = await opened;
    await popup.waitForURL((url) => url.origin === new URL(op.issuer).origin);
    await popup.waitForLoadState('load');
    const shownAt = Date.now();
    // A person reads the question first.
    await sleep(POPUP_CONFIRM_AFTER_MS);
    const answer = await op.confirmLogout(popup);
    const complete = await waitForEntry(session.log, entryOf('sign-out-complete'), 'sign-out-complete', 20_000);
    await afterUrlShown(page);
    t.diagnostic(
      `popup: prompt "${answer.prompt}", confirmed ${Date.now() - shownAt} ms after it showed; ${JSON.stringify(complete.detail)}`,
    );
    assert.equal(complete.detail.mode, 'popup');
    assert.equal(complete.detail.providerSession, 'ended');
    assert.equal(await providerSession(page, op), 'ended');
  },

  async 'revoke-tokens in local mode: the result tells the truth the provider gives'(t, op, session) {
    const { page, requests } = session;
    const { tokens } = await signIn(page, op);
    const clientId = op.clients[0].clientId;
    const revocationPath = op.discovery.revocation_endpoint && new URL(op.discovery.revocation_endpoint).pathname;
    const beforeSignOut = await tokensAtProvider(op, { accessToken: tokens.accessToken }, clientId);
    assert.equal(beforeSignOut.userinfo, 200);
    await clickSignOut(page, { mode: 'local', 'revoke-tokens': '' });
    const complete = await waitForEntry(session.log, entryOf('sign-out-complete'), 'sign-out-complete');
    await afterUrlShown(page);
    const revocations = requests.filter((r) => revocationPath && new URL(r.url).pathname === revocationPath);
    const truth = await tokensAtProvider(op, tokens, clientId);
    t.diagnostic(
      `revocation ${complete.detail.revocation}; ${revocations.length} revocation request(s); ` +
        `after: userinfo ${truth.userinfo}, refresh grant ${truth.refresh}`,
    );
    assert.equal(complete.detail.providerSession, 'skipped');
    assert.equal(await whoIsSignedIn(page), 'nobody');
    const live = truth.userinfo === 200 || truth.refresh === 200;
    assert.equal(complete.detail.revocation, live ? 'failed' : 'done');
    if (op.name === 'glewlwyd') {
      // It refuses the public client's refresh-token revocation (401): every token is still tried.
      assert.equal(revocations.length, 2, 'both the refresh token and the access token were tried');
    } else {
      // No revocation_endpoint published: nothing to call, the tokens live on, and it says so.
      assert.equal(op.discovery.revocation_endpoint, undefined);
      assert.equal(revocations.length, 0);
      assert.equal(truth.userinfo, 200);
    }
  },

  async 'front-channel: two clients in two tabs, the other tab signed out, its storage gone'(t, op, session) {
    const { page, context, log } = session;
    const [a, b] = rps.map((rp) => rp.origin);
    await signIn(page, op, a);
    const other = await context.newPage();
    const second = await signIn(other, op, b);
    await other.evaluate(() => localStorage.setItem('app.data', 'the app keeps this until sign-out'));
    const sid = JSON.parse(Buffer.from(second.tokens.idToken.split('.')[1], 'base64url')).sid;
    await clickSignOut(page, { mode: 'redirect', method: 'get', state: 'interop-fc' });
    await page.waitForURL((url) => url.origin === new URL(op.issuer).origin);
    // LemonLDAP::NG keeps its frames 30 s: a person reads its notice for a moment.
    const answer = await op.confirmLogout(page, { beforeContinue: () => frontChannelResult(log, b) });
    // Its 30-second page moves on by itself at worst.
    await waitForEntry(log, entryOf('completed', a), `completed sign-out (tab at ${redacted(page.url())})`, 45_000);
    const loaded = log.find(entryOf('front-channel-loaded', b));
    const remote = await waitForEntry(
      log,
      entryOf('sign-out-remote', b),
      'sign-out-remote in the other tab',
      20_000,
    ).catch(() => null);
    const frame = await frontChannelResult(log, b, 5000);
    const left = session.navigations.find((n) => n.at > (loaded?.at ?? Infinity) && !n.url.startsWith(op.issuer));
    const since = (entry) => (entry && loaded ? `+${entry.at - loaded.at} ms` : 'never');
    t.diagnostic(
      `timeline from the frame's start: other tab signed out ${since(remote)}, frame result ${since(frame)}, ` +
        `provider page left ${since(left)}`,
    );
    await other.waitForLoadState('load');
    const leftB = await other.evaluate(() => ({
      app: localStorage.getItem('app.data'),
      session: sessionStorage.length,
    }));
    t.diagnostic(
      `${op.name}: ID token sid ${sid ?? '(none)'}; frame ${loaded?.query ?? '(never loaded)'}; ` +
        `frame result ${JSON.stringify(frame?.detail ?? null)}; remote ${JSON.stringify(remote?.detail ?? null)}; ` +
        `other origin's app data ${JSON.stringify(leftB.app)}; prompt "${answer.prompt}"`,
    );
    assert.ok(loaded, "the provider loaded the other client's front-channel page");
    assert.equal(remote?.detail.source, 'front-channel', 'the other tab was signed out');
    assert.equal(leftB.app, null, "the other origin's localStorage app data is gone");
    assert.equal(leftB.session, 0, "the other tab's stored user is gone");
    assert.equal(frame?.detail.status, 'signed-out', "the frame's result was reported");
  },

  async 'without id_token_hint'(t, op, session) {
    const { page } = session;
    await signIn(page, op);
    // The app lost its stored user (another library removed it): the button has no ID token to send.
    await page.evaluate(() => window.forgetUser());
    const sent = page.waitForRequest((r) => r.url().startsWith(op.discovery.end_session_endpoint));
    await clickSignOut(page, { mode: 'redirect', method: 'get', state: 'interop-no-hint' });
    const request = new URL((await sent).url());
    assert.equal(request.searchParams.get('id_token_hint'), null);
    assert.equal(request.searchParams.get('client_id'), op.clients[0].clientId);
    if (op.name === 'glewlwyd') {
      // Without id_token_hint its end_session answers 200 with an empty body: no prompt, no way back.
      const response = await (await sent).response();
      await page.waitForLoadState('load');
      t.diagnostic(`glewlwyd without id_token_hint: ${response.status()} at ${redacted(page.url()).slice(0, 80)}`);
      assert.equal(response.status(), 200);
      assert.equal((await page.locator('body').innerText()).trim(), '');
      assert.equal(await providerSession(page, op), 'alive');
    } else {
      const { answer, completed } = await confirmAndReturn(page, op, session);
      t.diagnostic(
        `lemonldap without id_token_hint: prompt "${answer.prompt}"; returned ${JSON.stringify(completed.detail)}`,
      );
      assert.equal(completed.detail.state, 'interop-no-hint');
      assert.equal(await providerSession(page, op), 'ended');
    }
  },
};

/** LemonLDAP::NG's own: its ID tokens carry no sid, and front-channel still signs the user out. */
const OWN_CASES = {
  lemonldap: {
    async 'sid-less ID token: front-channel logout matches by iss and signs out'(t, op, session) {
      const { page, context, log } = session;
      const [a, b] = rps.map((rp) => rp.origin);
      await signIn(page, op, a);
      const other = await context.newPage();
      const { tokens } = await signIn(other, op, b);
      const claims = JSON.parse(Buffer.from(tokens.idToken.split('.')[1], 'base64url'));
      assert.equal(claims.sid, undefined, 'LemonLDAP::NG 2.16 puts no sid in its ID tokens');
      await clickSignOut(page, { mode: 'redirect', method: 'get', state: 'interop-sid' });
      await page.waitForURL((url) => url.origin === new URL(op.issuer).origin);
      await op.confirmLogout(page, { beforeContinue: () => frontChannelResult(log, b) });
      const frame = await waitForEntry(log, entryOf('front-channel', b), 'front-channel result');
      t.diagnostic(
        `front-channel ${frame.detail.status} ${frame.detail.reason ?? ''}; ID token claims ${Object.keys(claims)}`,
      );
      assert.equal(frame.detail.status, 'signed-out');
      assert.equal(await whoIsSignedIn(other, b), 'nobody');
    },
  },
};

// The two providers side by side (each its own tabs and contexts), each one's cases in turn.
describe('interop', { concurrency: PROVIDER_NAMES.length }, () => {
  for (const name of PROVIDER_NAMES) {
    describe(name, { concurrency: 1 }, () => {
      const installed = ensureInstalled(name);
      if (!installed.ok) {
        // The reason names the command already; the line ends with it in one known form.
        const why = installed.reason.replace(/;? ?run( as root)?: .*$/, '');
        console.log(`# interop: skipping ${name}: ${why} (run: ${installCommand(name)})`);
        for (const title of [...Object.keys(CASES), ...Object.keys(OWN_CASES[name] ?? {})])
          test(title, { skip: `${name} not installed: ${installed.reason}` }, () => {});
        summaries.push(`# interop ${name}: skipped (${installed.reason})`);
        return;
      }
      let op;
      let started;
      // The cases that ran (a --test-name-pattern may pick some) and those that passed.
      const tally = { cases: 0, passed: 0 };
      before(async () => {
        started = Date.now();
        op = await start(name, {
          rpOrigins: rps.map((rp) => rp.origin),
          clients: [BUTTON_PATHS, BUTTON_PATHS],
        });
      });
      after(async () => {
        await op?.stop();
        const seconds = started ? ((Date.now() - started) / 1000).toFixed(0) : '0';
        summaries.push(
          `# interop ${name} ${op?.version ?? ''}: ${tally.passed} passed, ${tally.cases - tally.passed} failed (${seconds} s)`,
        );
      });
      for (const [title, run] of Object.entries({ ...CASES, ...(OWN_CASES[name] ?? {}) })) {
        tally.cases += 1;
        test(title, { timeout: CASE_TIMEOUT_MS }, async (t) => {
          const session = await openSession(op);
          try {
            await run(t, op, session);
            tally.passed += 1;
          } finally {
            await session.close();
          }
        });
      }
    });
  }
});
