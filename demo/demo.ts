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
// Per provider; every page starts in the package's default mode, redirect.
const SETTINGS_KEY = `demo.settings${realProvider ? `.${document.documentElement.dataset.provider}` : ''}`;
const settings: Settings = {
  mode: 'redirect',
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
  /** When it happened (epoch ms, the page's clock or the provider's: one machine). */
  at: number;
  /** Its place in the known order of steps, which breaks ties of `at`. */
  order: number;
}

/**
 * The order steps happen in, for ties of `at` (the clock counts milliseconds). In a redirect the
 * page's part ends with sign-out-complete before the provider sees the request; in a hidden frame
 * or a popup the provider's return comes before it.
 */
const ORDER = {
  staying: [
    'before',
    'start',
    'discovery',
    'revocation',
    'local',
    'request',
    'front-channel',
    'state',
    'tabs',
    'complete',
  ],
  leaving: [
    'before',
    'start',
    'discovery',
    'revocation',
    'local',
    'tabs',
    'complete',
    'handed',
    'request',
    'front-channel',
    'state',
  ],
} as const;

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

/**
 * Adds a step that happened `at` (now unless given), placed by the known order of a sign-out that
 * `leaves` this page (redirect) or stays. Shown at once unless `show` is false (the account is
 * shown whole when it is finished).
 */
function add(
  entry: Omit<Step, 'at' | 'order'>,
  { at = Date.now(), leaves = false, show = true }: { at?: number; leaves?: boolean; show?: boolean } = {},
) {
  const known: readonly string[] = ORDER[leaves ? 'leaving' : 'staying'];
  const order = known.includes(entry.step) ? known.indexOf(entry.step) : known.length;
  steps.push({ ...entry, at, order });
  localStorage.setItem(TIMELINE_KEY, JSON.stringify(steps));
  if (show) renderTimeline();
}

/** The steps in the order they happened: by time, ties by the known order. */
const inOrder = (list: Step[]) => [...list].sort((a, b) => a.at - b.at || a.order - b.order);

function renderTimeline() {
  $('timeline').replaceChildren(
    ...inOrder(steps).map(({ step, title, details = [], tone, at }) => {
      const item = document.createElement('li');
      item.dataset.step = step;
      item.dataset.at = String(at);
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
  received: { at: number; method: string; path: string; contentType: string | null; params: [string, string][] }[];
  frontChannel: { at: number; frames: string[] } | null;
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
      : `<script type="module"\n  src="https://cdn.jsdelivr.net/npm/sign-out-button@0.1.0/dist/cdn/sign-out-button.js"\n  integrity="sha384-NJvJiETd9z3SuW4kcX3Bg17nhAQjxajY/qybKXJELldbzoBhCLMr1WGZmhyJs7IB"\n  crossorigin="anonymous"></script>\n\n<sign-out-button authority="${issuer}" client-id="demo-cms"\n  post-logout-redirect-uri="/signed-out.html" mode="${mode}" method="${method}" fallback="${fallback}"${
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

const timelineList = $('timeline');
/** Whether this run's local sign-out was told yet (the moment the stored user went). */
let localTold = false;

/** What the local sign-out removed and kept, as this tab's storage shows it now. */
function localDetails(run: Run): string[] {
  const after = storedKeys();
  return [
    ...run.before.filter((key) => !after.includes(key)).map((key) => `removed ${key}`),
    ...(after.length
      ? after.map((key) =>
          key.includes(': sign-out-button.')
            ? `kept ${key} (the package's own record, no token)`
            : `kept ${key} (keep-storage)`,
        )
      : ['nothing left']),
  ];
}
const LOCAL_TITLE = 'Signed out of this site: the stored user and the site data are gone';

/** Tells the local sign-out the moment the stored user is gone, and updates the site card then. */
function noticeLocalSignOut() {
  const run = readRun();
  if (!run || run.result || localTold || sessionStorage.getItem(userKey(run.app)) !== null) return;
  localTold = true;
  add({ step: 'local', title: LOCAL_TITLE, details: localDetails(run), tone: 'good' });
  showSite();
}
// The package removes the stored user from storage: the demo notices it as it happens, not when the
// provider part is over too (sign-out-complete), so the site card says "Nobody" at once.
const { removeItem, clear } = Storage.prototype;
Storage.prototype.removeItem = function removeItemAndNotice(this: Storage, key: string) {
  removeItem.call(this, key);
  noticeLocalSignOut();
};
Storage.prototype.clear = function clearAndNotice(this: Storage) {
  clear.call(this);
  noticeLocalSignOut();
};

/** The account is whole: shown, marked done, and scrolled to (on a phone it is far below the button). */
function showFinished() {
  renderTimeline();
  timelineList.dataset.state = 'done';
  $('timeline-heading').scrollIntoView({ block: 'start', behavior: 'instant' });
}

button.addEventListener('sign-out-start', (event) => {
  const run: Run = { since: Date.now(), app, mode: event.detail.mode, crossSite, before: storedKeys() };
  saveRun(run);
  localTold = false;
  steps.length = 0;
  timelineList.dataset.state = 'running';
  add(
    {
      step: 'before',
      title: `Before: this tab keeps ${run.before.length} item${run.before.length === 1 ? '' : 's'}`,
      details: run.before.length ? run.before : ['(nothing)'],
    },
    { at: run.since },
  );
  add(
    { step: 'start', title: `sign-out-start: mode ${run.mode}, the provider is asked ${WHERE[run.mode]}` },
    { at: run.since },
  );
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
  const leaves = result.providerSession === 'redirecting';
  // The account is shown whole once it is finished (here, or on the page the sign-out comes back to).
  // One time for what sign-out-complete tells, so that the known order places its steps.
  const when = { at: Date.now(), leaves, show: false };
  const local = steps.find((step) => step.step === 'local');
  if (local) local.details = localDetails(run);
  else add({ step: 'local', title: LOCAL_TITLE, details: localDetails(run), tone: 'good' }, when);
  localTold = true;
  add(
    {
      step: 'tabs',
      title: 'Other tabs of this site were told (BroadcastChannel): each removes its user and session data',
    },
    when,
  );
  add(
    {
      step: 'complete',
      title: `sign-out-complete: providerSession "${result.providerSession}", method ${result.method ?? 'none'}`,
      details: [`token revocation: ${result.revocation}`],
      tone: result.providerSession === 'ended' || result.providerSession === 'redirecting' ? 'good' : undefined,
    },
    when,
  );
  if (leaves)
    add(
      {
        step: 'handed',
        title: `Handed to the provider at top level (${result.mode === 'redirect' ? 'redirect' : `${result.mode} fallback`})`,
      },
      when,
    );
  showSite();
  // A page that moves on (after-url, or the provider) finishes the account when it is back.
  if (result.afterUrl === null) void finish();
});

button.addEventListener('sign-out-error', (event) => {
  const { error } = event.detail;
  add({ step: 'error', title: `sign-out-error: ${error.code}`, details: [error.message], tone: 'bad' });
  saveRun(null);
  showSite();
  showFinished();
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

/** What each other call the provider received during the sign-out was for. */
function otherCall(request: ProviderStatus['received'][number]): Omit<Step, 'at' | 'order'> {
  if (request.path.includes('openid-configuration'))
    return {
      step: 'discovery',
      title: `The provider received ${request.method} ${request.path}: discovery`,
      details: [
        app === 'spa'
          ? "where its end_session_endpoint is; the SPA's UserManager read it when this page loaded, so a second one means it was asked again"
          : 'where its end_session_endpoint is: the element reads it once per page (a plain CMS page has no UserManager that has read it)',
      ],
    };
  return {
    step: 'revocation',
    title: `The provider received ${request.method} ${request.path}: token revocation (revoke-tokens), before the stored user was removed`,
  };
}

/** What the provider saw and says now, once the sign-out is over; then the account is shown whole. */
async function finish() {
  const run = readRun();
  if (!run?.result) {
    timelineList.dataset.state = 'kept';
    return;
  }
  saveRun(null);
  const { result } = run;
  const leaves = result.providerSession === 'redirecting';
  const at = (time = Date.now()) => ({ at: time, leaves, show: false });
  // A frame's or popup's return is seen before sign-out-complete, told with it.
  const completeAt = steps.find((step) => step.step === 'complete')?.at;
  if (params.has('signed-out') && leaves)
    add(
      {
        step: 'state',
        title: 'Back from the provider: the returned state was verified',
        details: [
          'completeSignOut() on the return page checked it, then came on here (it goes on only when it matches)',
        ],
        tone: 'good',
      },
      at(),
    );
  else if (result.providerSession === 'ended')
    add(
      {
        step: 'state',
        title: `The provider's return was seen in the ${result.mode === 'popup' ? 'popup' : 'hidden frame'}, its state verified`,
        tone: 'good',
      },
      at(completeAt),
    );
  else if (result.providerSession === 'unconfirmed')
    add(
      { step: 'state', title: 'Not confirmed: no verified return from the provider came in time', tone: 'warn' },
      at(completeAt),
    );

  if (realProvider) await finishAtRealProvider(run, realProvider, at(completeAt));
  else await finishAtEmbeddedProvider(run, at);
  showFinished();
}

/** The provider's side, asked of the embedded provider: what it received, whether its session ended. */
async function finishAtEmbeddedProvider(run: Run, at: (time?: number) => Parameters<typeof add>[1]) {
  const status = await providerStatus(run.since);
  const requests = (status?.received ?? []).filter(
    (request) =>
      request.path === status?.profile.endSessionPath ||
      request.path.endsWith('/revocation') ||
      request.path.includes('openid-configuration'),
  );
  const endSession = requests.filter((request) => request.path === status?.profile.endSessionPath);
  if (run.mode === 'local')
    add({ step: 'request', title: 'No end-session request: local mode leaves the provider alone' }, at());
  else if (endSession.length)
    for (const request of endSession)
      add(
        {
          step: 'request',
          title: `The provider received ${request.method === 'POST' ? 'a form POST' : 'a GET'} at ${request.path}`,
          details: request.params.map(([name, value]) => `${name} = ${value}`),
        },
        at(request.at),
      );
  else if (run.crossSite)
    add({ step: 'request', title: 'The end-session request was sent from this cross-site page', details: [] }, at());
  for (const request of requests.filter((request) => request.path !== status?.profile.endSessionPath))
    add(otherCall(request), at(request.at));
  if (status?.frontChannel)
    add(
      {
        step: 'front-channel',
        title: `Front-channel logout: the provider loaded ${status.frontChannel.frames.length} app logout page${
          status.frontChannel.frames.length === 1 ? '' : 's'
        }`,
        details: status.frontChannel.frames.map((frame) => new URL(frame).pathname),
      },
      at(status.frontChannel.at),
    );

  if (run.crossSite)
    add(
      { step: 'provider-session', title: 'Provider session: this page cannot see it (cross-site)', tone: 'warn' },
      at(),
    );
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
      at(),
    );
}

/** The rest of the account with a real provider: what was sent; its session cannot be asked. */
async function finishAtRealProvider(run: Run, provider: RealProvider, when: Parameters<typeof add>[1]) {
  const result = run.result!;
  const endSessionEndpoint =
    run.mode === 'local' ? undefined : await manager.metadataService.getEndSessionEndpoint().catch(() => undefined);
  if (run.mode === 'local')
    add({ step: 'request', title: 'No end-session request: local mode leaves the provider alone' }, when);
  else
    add(
      {
        step: 'request',
        title: `The end-session request went to ${endSessionEndpoint ?? 'its end_session_endpoint'} (${result.method === 'post' ? 'a form POST' : 'a GET'})`,
        details: [
          `What ${provider.name} received is not shown here: the live status is not available with a real provider.`,
        ],
      },
      when,
    );
  add(
    {
      step: 'provider-session',
      title: `Provider session: not visible from here (${provider.name})`,
      details: [
        run.mode === 'local'
          ? 'Local mode signs out of this site only: the provider session stays.'
          : 'Sign in again: its login form shows when its session ended.',
      ],
      tone: 'warn',
    },
    { ...when, at: Date.now() },
  );
}

$('clear-timeline').addEventListener('click', () => {
  steps.length = 0;
  localStorage.removeItem(TIMELINE_KEY);
  renderTimeline();
});

// Back from a sign-out that left this page: its account is shown once it is finished. An account
// kept from an earlier sign-out is "kept"; "done" is one finished on this page.
const pending = params.has('signed-out') && Boolean(readRun()?.result);
timelineList.dataset.state = pending ? 'running' : 'kept';
if (!pending) renderTimeline();
applySettings();
showSite();

if (realProvider) showRealProvider(realProvider);
else {
  void showProvider();
  setInterval(() => void showProvider(), 2000);
  window.addEventListener('focus', () => void showProvider());
}
window.addEventListener('storage', showSite);
// An SPA's UserManager has read the discovery document for its sign-in: here too, once per page,
// so that a sign-out finds the end-session endpoint without asking the provider again (after the
// account of the last sign-out, which lists what the provider received).
const readDiscovery = () => {
  if (app === 'spa') void manager.metadataService.getMetadata().catch(() => undefined);
};
if (params.has('signed-out')) void finish().then(readDiscovery);
else readDiscovery();
