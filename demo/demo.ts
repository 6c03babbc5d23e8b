// The demo page: who is signed in (at the site, and live at the provider), the controls, the
// button, and after each sign-out a step-by-step account of what happened. Its own records live
// under demo.* keys, which the button's keep-storage="demo.*" keeps through the sign-out.
import '../src/define.js';
import type { SignOutButton, SignOutMode, SignOutResult } from '../src/index.js';
import { APPS, demoUserManager, issuer, type DemoApp } from './demo-config.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(window.location.search);
const app: DemoApp = params.get('app') === 'cms' ? 'cms' : 'spa';
const providerUrl = new URL(issuer);
/** localhost and 127.0.0.1 are different sites: the provider's cookies are not sent from here. */
const crossSite = providerUrl.hostname !== window.location.hostname;

/** A real provider from Debian (`npm start -- --provider NAME`): what the page says of it. */
interface RealProvider {
  name: string;
  quirks: string;
  /** Why the hidden frame cannot be confirmed there. */
  framing: string;
  /** What the visitor should know before choosing this method or option. */
  post?: string;
  revoke?: string;
}
const REAL_PROVIDERS: Record<string, RealProvider> = {
  glewlwyd: {
    name: 'Glewlwyd 2.7.5',
    quirks:
      'It asks you to confirm every logout ("End session"), takes end-session by GET only, sends X-Frame-Options: deny on every page, refuses token revocation by a public client (401), and loads each app\'s front-channel logout page with a sid.',
    framing: "Glewlwyd's pages send X-Frame-Options: deny",
    post: 'Glewlwyd answers a form POST at its end-session endpoint with 404: this site signs out, the provider session stays.',
    revoke: 'Glewlwyd refuses revocation by a public client (401): the result says "failed".',
  },
  lemonldap: {
    name: 'LemonLDAP::NG 2.16.1',
    quirks:
      'It asks "Do you want to logout?", then shows a 30-second page ("You\'ll be redirected", Continue) while the apps\' front-channel logout pages load; end-session takes GET and POST; it has no revocation endpoint, and its ID tokens carry no sid.',
    framing: "LemonLDAP::NG's pages refuse framing (X-Frame-Options: DENY, frame-ancestors 'none')",
    revoke: 'LemonLDAP::NG has no revocation endpoint: nothing is revoked, and the result says "failed".',
  },
};
/** The real provider this page runs against, or null for the embedded one (with its live status). */
const realProvider: RealProvider | null = REAL_PROVIDERS[document.documentElement.dataset.provider ?? ''] ?? null;

interface Settings {
  mode: SignOutMode;
  method: 'auto' | 'get' | 'post';
  fallback: 'redirect' | 'none';
  revoke: boolean;
}
// Per provider: iframe cannot be confirmed at either real provider, so they start with redirect.
const SETTINGS_KEY = `demo.settings${realProvider ? `.${document.documentElement.dataset.provider}` : ''}`;
const settings: Settings = {
  mode: realProvider ? 'redirect' : 'iframe',
  method: 'auto',
  fallback: 'redirect',
  revoke: false,
  ...JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}'),
};

// ---------- the timeline ----------

interface Step {
  step: string;
  title: string;
  details?: string[];
  tone?: 'good' | 'warn' | 'bad';
}
/** One sign-out while it is told: what was there before, its result, and when it began. */
interface Run {
  since: number;
  app: DemoApp;
  mode: SignOutMode;
  crossSite: boolean;
  before: string[];
  result?: SignOutResult;
}
const TIMELINE_KEY = 'demo.timeline';
const RUN_KEY = 'demo.run';
const steps: Step[] = JSON.parse(localStorage.getItem(TIMELINE_KEY) ?? '[]');
const readRun = (): Run | null => JSON.parse(localStorage.getItem(RUN_KEY) ?? 'null');
const saveRun = (run: Run | null) =>
  run ? localStorage.setItem(RUN_KEY, JSON.stringify(run)) : localStorage.removeItem(RUN_KEY);

function add(step: Step) {
  steps.push(step);
  localStorage.setItem(TIMELINE_KEY, JSON.stringify(steps));
  renderTimeline();
}

function renderTimeline() {
  $('timeline').replaceChildren(
    ...steps.map(({ step, title, details = [], tone }) => {
      const item = document.createElement('li');
      item.dataset.step = step;
      if (tone) item.dataset.tone = tone;
      const heading = Object.assign(document.createElement('strong'), { textContent: title });
      item.append(heading);
      if (details.length) {
        const list = document.createElement('ul');
        list.append(...details.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
        item.append(list);
      }
      return item;
    }),
  );
  $('timeline-empty').hidden = steps.length > 0;
}

/** The names (never the values: they hold tokens) of what this tab keeps, the demo's own records aside. */
function storedKeys(): string[] {
  const keys = (storage: Storage, label: string) =>
    Object.keys(storage)
      .filter((key) => !key.startsWith('demo.'))
      .map((key) => `${label}: ${key}`);
  return [...keys(localStorage, 'localStorage'), ...keys(sessionStorage, 'sessionStorage')].sort();
}

const WHERE: Record<SignOutMode, string> = {
  redirect: 'at top level (this tab goes to the provider)',
  iframe: 'in a hidden iframe (this page stays)',
  popup: 'in a popup window (this page stays)',
  local: 'nowhere: local mode signs out of this site only',
};

// ---------- the provider, asked live ----------

interface ProviderStatus {
  profile: { key: string | null; name: string; endSessionPath: string; notes: string };
  session: { account: string; apps: string[] } | null;
  received: { method: string; path: string; contentType: string | null; params: [string, string][] }[];
  frontChannel: { frames: string[] } | null;
}

async function providerStatus(since = Date.now()): Promise<ProviderStatus | null> {
  try {
    const response = await fetch(`${issuer}/demo-status?since=${since}`, { credentials: 'include' });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** With a real provider: which one, and plainly that its session cannot be watched from here. */
function showRealProvider(provider: RealProvider) {
  const banner = $('real-provider');
  banner.hidden = false;
  banner.textContent = `This demo runs against ${provider.name}, a real OpenID Provider (Debian's package) at ${issuer}, not the embedded one. Sign in at its own login form, with the login and password npm start printed.`;
  $('live-badge').hidden = true;
  $('provider-status').textContent =
    `${provider.name} at ${issuer}. Live session status is not available: a real provider has no demo-status window into its sessions. To see whether its session ended, sign in again: its login form shows when it did.`;
  $('provider-profile').textContent = provider.quirks;
  $('profile-control').hidden = true;
}

async function showProvider() {
  if (realProvider) return;
  const status = await providerStatus();
  const text = $('provider-status');
  if (!status) text.textContent = `The provider at ${issuer} does not answer.`;
  else if (crossSite)
    text.textContent = `Cannot tell from here: this page (${window.location.hostname}) is another site than the provider (${providerUrl.hostname}), so the browser sends the provider none of its cookies.`;
  else if (status.session)
    text.innerHTML = `<span class="badge good">Live session</span> as <b></b>, with the apps <i></i>`;
  else text.innerHTML = `<span class="badge">No session</span> for this browser`;
  if (status?.session && !crossSite) {
    text.querySelector('b')!.textContent = status.session.account;
    text.querySelector('i')!.textContent = status.session.apps.join(', ') || 'none';
  }
  if (status) {
    $('provider-profile').textContent =
      `${issuer} behaves as ${status.profile.name}: end-session at ${status.profile.endSessionPath}; ${status.profile.notes}.`;
    $<HTMLSelectElement>('profile-select').value = status.profile.key ?? '';
  }
}

// ---------- who is signed in at the site ----------

const manager = demoUserManager(app);
const userKey = (which: DemoApp) => `oidc.user:${issuer}:${APPS[which].clientId}`;
function siteUser(which: DemoApp): string | null {
  const stored = sessionStorage.getItem(userKey(which));
  if (!stored) return null;
  try {
    const profile = JSON.parse(stored).profile ?? {};
    return String(profile.name ?? profile.sub ?? 'someone');
  } catch {
    return null;
  }
}

const button = $<SignOutButton>('button');

function showSite() {
  const user = siteUser(app);
  const label = app === 'spa' ? 'the SPA (client demo-spa)' : 'the CMS pages (client demo-cms)';
  $('site-status').innerHTML = user
    ? `<span class="badge good">Signed in</span> to ${label} as <b></b>`
    : `<span class="badge">Nobody</span> is signed in to ${label}`;
  if (user) $('site-status').querySelector('b')!.textContent = user;
  const other: DemoApp = app === 'spa' ? 'cms' : 'spa';
  const otherUser = siteUser(other);
  $('site-other').textContent = otherUser
    ? `This tab is also signed in to the ${other === 'spa' ? 'SPA' : 'CMS pages'} as ${otherUser}.`
    : '';
  const signIn = $<HTMLAnchorElement>('sign-in');
  signIn.hidden = Boolean(user);
  signIn.href = `/demo/sign-in.html?app=${app}&return=${encodeURIComponent(`/demo/?app=${app}`)}`;
  // Nobody to sign out: the button says so instead of reporting a session that never existed.
  button.disabled = !user;
  $('button-note').textContent = user ? '' : 'Sign in first: with nobody signed in there is nothing to sign out of.';
}

// ---------- the controls ----------

const form = $<HTMLFormElement>('controls');
form.querySelector('select[name="profile"]')!.id = 'profile-select';

function applySettings() {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  const { mode, method, fallback, revoke } = settings;
  (form.querySelector(`input[name="mode"][value="${mode}"]`) as HTMLInputElement).checked = true;
  const methodSelect = form.elements.namedItem('method') as HTMLSelectElement;
  const fallbackSelect = form.elements.namedItem('fallback') as HTMLSelectElement;
  methodSelect.value = method;
  fallbackSelect.value = fallback;
  (form.elements.namedItem('revoke') as HTMLInputElement).checked = revoke;
  // Controls that make no sense for the mode are off, and say why.
  methodSelect.disabled = mode === 'local';
  fallbackSelect.disabled = mode !== 'iframe' && mode !== 'popup';
  $('control-notes').textContent = [
    mode === 'local' ? 'Local mode sends nothing to the provider: no method.' : '',
    fallbackSelect.disabled ? 'A fallback applies to iframe and popup only.' : '',
    crossSite && mode === 'iframe'
      ? 'Cross-site, the hidden frame cannot be confirmed: the button waits, then uses the fallback.'
      : '',
    realProvider && !crossSite && mode === 'iframe'
      ? `${realProvider.framing}: the hidden frame cannot be confirmed, so the button waits, then uses the fallback.`
      : '',
    realProvider?.post && mode !== 'local' && method === 'post' ? realProvider.post : '',
    realProvider?.revoke && revoke ? realProvider.revoke : '',
  ]
    .filter(Boolean)
    .join(' ');

  const afterUrl = `/demo/?app=${app}&signed-out`;
  const attributes: Record<string, string | null> = {
    mode,
    method,
    fallback,
    'after-url': afterUrl,
    'keep-storage': 'demo.*',
    'revoke-tokens': revoke ? '' : null,
    authority: app === 'cms' ? issuer : null,
    'client-id': app === 'cms' ? APPS.cms.clientId : null,
    'post-logout-redirect-uri': app === 'cms' ? '/demo/cms/signed-out.html' : null,
  };
  for (const [name, value] of Object.entries(attributes))
    if (value === null) button.removeAttribute(name);
    else button.setAttribute(name, value);
  // The SPA hands the element its own UserManager; the CMS page has only attributes.
  button.userManager = app === 'spa' ? manager : undefined;

  $('snippet').textContent =
    app === 'spa'
      ? `import { signOut } from 'sign-out-button';\n\nawait signOut({ userManager, mode: '${mode}', method: '${method}', fallback: '${fallback}',${
          revoke ? ' revokeTokens: true,' : ''
        } afterUrl: '/goodbye' });`
      : `<script type="module"\n  src="https://cdn.jsdelivr.net/npm/sign-out-button@0.1.0/dist/cdn/sign-out-button.js"\n  integrity="sha384-aleboNc/YUVtKgYEatajJU4U3uFJj/kSEUn5gJYQUxz282VEEaDHQwCQ2vkn9LyX"\n  crossorigin="anonymous"></script>\n\n<sign-out-button authority="${issuer}" client-id="demo-cms"\n  post-logout-redirect-uri="/signed-out.html" mode="${mode}" method="${method}" fallback="${fallback}"${
          revoke ? ' revoke-tokens' : ''
        }\n  after-url="/goodbye">Sign out</sign-out-button>`;
}

form.addEventListener('change', async (event) => {
  const target = event.target as HTMLInputElement | HTMLSelectElement;
  if (target.name === 'profile') {
    target.disabled = true;
    await fetch(`${issuer}/demo-profile`, { method: 'POST', body: target.value });
    // The UserManager keeps the discovery document it read: a new page reads the new one.
    window.location.reload();
    return;
  }
  if (target.name === 'mode') settings.mode = target.value as SignOutMode;
  if (target.name === 'method') settings.method = target.value as Settings['method'];
  if (target.name === 'fallback') settings.fallback = target.value as Settings['fallback'];
  if (target.name === 'revoke') settings.revoke = (target as HTMLInputElement).checked;
  applySettings();
});

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="app"]')) {
  radio.checked = radio.value === app;
  radio.addEventListener('change', () => window.location.assign(`/demo/?app=${radio.value}`));
}

const other = new URL(window.location.href);
other.hostname = window.location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
other.search = `?app=${app}`;
$<HTMLAnchorElement>('cross-site').href = other.href;
$('cross-site').textContent = crossSite
  ? `You are cross-site to the provider. Open this page same-site (${other.host}) →`
  : `Open this page cross-site (${other.host}, another site than the provider) →`;

// ---------- a sign-out, told step by step ----------

button.addEventListener('sign-out-start', (event) => {
  const run: Run = { since: Date.now(), app, mode: event.detail.mode, crossSite, before: storedKeys() };
  saveRun(run);
  steps.length = 0;
  add({
    step: 'before',
    title: `Before: this tab keeps ${run.before.length} item${run.before.length === 1 ? '' : 's'}`,
    details: run.before.length ? run.before : ['(nothing)'],
  });
  add({ step: 'start', title: `sign-out-start: mode ${run.mode}, the provider is asked ${WHERE[run.mode]}` });
  if (crossSite && run.mode === 'iframe') showWaiting(button.timeout ?? 5000);
});

function showWaiting(timeoutMs: number) {
  const box = $('waiting');
  const ends = Date.now() + timeoutMs;
  const tick = () => {
    const left = Math.max(0, Math.ceil((ends - Date.now()) / 1000));
    box.textContent = `Waiting for the provider's answer in a hidden frame: ${left} s left. This page (${window.location.hostname}) and the provider (${providerUrl.hostname}) are two sites, so the browser gives the frame no provider cookies and partitioned storage: the provider cannot recognise you there and no confirmation can come back. ${
      settings.fallback === 'redirect'
        ? 'When the time is up, the fallback signs you out at top level instead.'
        : 'When the time is up, the sign-out ends unconfirmed (fallback: none).'
    }`;
    if (button.busy && left > 0) setTimeout(tick, 250);
    else box.hidden = true;
  };
  box.hidden = false;
  tick();
}

button.addEventListener('sign-out-complete', (event) => {
  const run = readRun();
  if (!run) return;
  const result = event.detail;
  run.result = result;
  saveRun(run);
  const after = storedKeys();
  const removed = run.before.filter((key) => !after.includes(key));
  add({
    step: 'local',
    title: 'Signed out of this site: the stored user and the site data are gone',
    details: [
      ...removed.map((key) => `removed ${key}`),
      ...(after.length
        ? after.map((key) =>
            key.includes(': sign-out-button.')
              ? `kept ${key} (the package's own record, no token)`
              : `kept ${key} (keep-storage)`,
          )
        : ['nothing left']),
      `token revocation: ${result.revocation}`,
    ],
    tone: 'good',
  });
  if (result.providerSession === 'redirecting')
    add({
      step: 'handed',
      title: `Handed to the provider at top level (${result.mode === 'redirect' ? 'redirect' : `${result.mode} fallback`})`,
    });
  // A page that moves on (after-url, or the provider) finishes the account when it is back.
  if (result.afterUrl === null) void finish();
});

button.addEventListener('sign-out-error', (event) => {
  const { error } = event.detail;
  add({ step: 'error', title: `sign-out-error: ${error.code}`, details: [error.message], tone: 'bad' });
  saveRun(null);
});

button.addEventListener('sign-out-remote', (event) => {
  add({
    step: 'remote',
    title:
      event.detail.source === 'tab'
        ? 'Signed out in another tab: this tab removed its user too'
        : "Signed out by the provider's front-channel logout (another app signed out)",
  });
});

/** What the provider saw and says now, once the sign-out is over. */
async function finish() {
  const run = readRun();
  if (!run?.result) return;
  saveRun(null);
  const { result } = run;
  if (params.has('signed-out') && result.providerSession === 'redirecting')
    add({
      step: 'state',
      title: 'Back from the provider: the returned state was verified',
      details: ['completeSignOut() on the return page checked it, then came on here (it goes on only when it matches)'],
      tone: 'good',
    });
  else if (result.providerSession === 'ended')
    add({
      step: 'state',
      title: `The provider's return was seen in the ${result.mode === 'popup' ? 'popup' : 'hidden frame'}, its state verified`,
      tone: 'good',
    });
  else if (result.providerSession === 'unconfirmed')
    add({
      step: 'state',
      title: 'Not confirmed: no verified return from the provider came in time',
      tone: 'warn',
    });

  if (realProvider) return finishAtRealProvider(run, realProvider);
  const status = await providerStatus(run.since);
  const requests = (status?.received ?? []).filter(
    (request) =>
      request.path === status?.profile.endSessionPath ||
      request.path.endsWith('/revocation') ||
      request.path.includes('openid-configuration'),
  );
  const endSession = requests.filter((request) => request.path === status?.profile.endSessionPath);
  if (run.mode === 'local')
    add({ step: 'request', title: 'No end-session request: local mode leaves the provider alone' });
  else if (endSession.length)
    for (const request of endSession)
      add({
        step: 'request',
        title: `The provider received ${request.method === 'POST' ? 'a form POST' : 'a GET'} at ${request.path}`,
        details: request.params.map(([name, value]) => `${name} = ${value}`),
      });
  else if (run.crossSite)
    add({ step: 'request', title: 'The end-session request was sent from this cross-site page', details: [] });
  const others = requests.filter((request) => request.path !== status?.profile.endSessionPath);
  if (others.length)
    add({
      step: 'provider-calls',
      title: 'Other calls the provider received',
      details: others.map((request) => `${request.method} ${request.path}`),
    });

  if (run.crossSite)
    add({
      step: 'provider-session',
      title: 'Provider session: this page cannot see it (cross-site)',
      tone: 'warn',
    });
  else
    add(
      status?.session
        ? {
            step: 'provider-session',
            title: `Provider session: still live (as ${status.session.account})`,
            details: run.mode === 'local' ? ['expected: local mode signs out of this site only'] : [],
            tone: 'warn',
          }
        : { step: 'provider-session', title: 'Provider session: ended', tone: 'good' },
    );
  if (status?.frontChannel)
    add({
      step: 'front-channel',
      title: `Front-channel logout: the provider loaded ${status.frontChannel.frames.length} app logout page${
        status.frontChannel.frames.length === 1 ? '' : 's'
      }`,
      details: status.frontChannel.frames.map((frame) => new URL(frame).pathname),
    });
  add({
    step: 'tabs',
    title: 'Other tabs of this site were told (BroadcastChannel): each removes its user and session data',
  });
  add({
    step: 'complete',
    title: `sign-out-complete: providerSession "${result.providerSession}", method ${result.method ?? 'none'}`,
    tone: result.providerSession === 'ended' || result.providerSession === 'redirecting' ? 'good' : undefined,
  });
}

/** The rest of the account with a real provider: what was sent; its session cannot be asked. */
async function finishAtRealProvider(run: Run, provider: RealProvider) {
  const result = run.result!;
  if (run.mode === 'local')
    add({ step: 'request', title: 'No end-session request: local mode leaves the provider alone' });
  else {
    const endSession = await manager.metadataService.getEndSessionEndpoint().catch(() => undefined);
    add({
      step: 'request',
      title: `The end-session request went to ${endSession ?? 'its end_session_endpoint'} (${result.method === 'post' ? 'a form POST' : 'a GET'})`,
      details: [
        `What ${provider.name} received is not shown here: the live status is not available with a real provider.`,
      ],
    });
  }
  add({
    step: 'provider-session',
    title: `Provider session: not visible from here (${provider.name})`,
    details: [
      run.mode === 'local'
        ? 'Local mode signs out of this site only: the provider session stays.'
        : 'Sign in again: its login form shows when its session ended.',
    ],
    tone: 'warn',
  });
  add({
    step: 'tabs',
    title: 'Other tabs of this site were told (BroadcastChannel): each removes its user and session data',
  });
  add({
    step: 'complete',
    title: `sign-out-complete: providerSession "${result.providerSession}", method ${result.method ?? 'none'}`,
    tone: result.providerSession === 'ended' || result.providerSession === 'redirecting' ? 'good' : undefined,
  });
}

$('clear-timeline').addEventListener('click', () => {
  steps.length = 0;
  localStorage.removeItem(TIMELINE_KEY);
  renderTimeline();
});

renderTimeline();
applySettings();
showSite();
if (realProvider) showRealProvider(realProvider);
else {
  void showProvider();
  setInterval(() => void showProvider(), 2000);
  window.addEventListener('focus', () => void showProvider());
}
window.addEventListener('storage', showSite);
if (params.has('signed-out')) void finish();
