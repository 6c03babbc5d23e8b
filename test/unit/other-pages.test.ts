// What any other page of the origin can write: messages on the package's channel and records in
// localStorage. None of it may freeze a tab, and none of it may keep a tab from a real sign-out.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import '../../src/define.js';
import { onRemoteSignOut, type SignOutButton } from '../../src/index.js';
import { keyMatcher } from '../../src/storage/key-matcher.js';
import { AUTHORITY, CLIENT_ID, eachTestWatchesNavigation, storeUser } from './support.js';

const SEED = 20261202;
const RECENT_KEY = 'sign-out-button.recent-sign-outs';

/** Posts on the package's channel as another page of the origin could. */
function post(message: unknown): void {
  const channel = new BroadcastChannel('sign-out-button');
  channel.postMessage(message);
  channel.close();
}

const validSignOut = (keep: string[] = []) => ({
  type: 'signed-out',
  from: 'another-tab',
  authority: AUTHORITY,
  clientId: CLIENT_ID,
  clearing: { session: true, keep },
});

/**
 * The shortest a call to `run` took, over `times` calls: what the work itself costs (a pause of the
 * machine or the collector only ever adds to one call; a backtracking match costs every call).
 */
function fastest(times: number, run: () => void): number {
  let least = Infinity;
  for (let index = 0; index < times; index += 1) {
    const started = performance.now();
    run();
    least = Math.min(least, performance.now() - started);
  }
  return least;
}

describe('keep-storage patterns cannot freeze the page', () => {
  it('a pattern of thirty stars and a Z takes well under a millisecond on a 42-character key (a backtracking RegExp took 21 s)', () => {
    const keep = keyMatcher(['*'.repeat(30) + 'Z', 'a*a*a*a*a*a*a*a*b']);
    const key = 'a'.repeat(42);
    expect(keep(key)).to.equal(false);
    expect(fastest(5, () => keep(key))).to.be.below(1);
  });

  it('stars match any run of characters, and nothing else is special', () => {
    const keep = keyMatcher(['app.*', '*.cache', 'a*b*c', 'exact', 'dots.[x]+']);
    for (const key of ['app.', 'app.cart', 'x.cache', 'abc', 'aXbYc', 'exact', 'dots.[x]+']) {
      expect(keep(key), key).to.equal(true);
    }
    for (const key of ['apps', 'x.cachex', 'acb', 'exactly', 'dots.x', 'ab']) expect(keep(key), key).to.equal(false);
  });

  it('any pattern of many stars matches any key in under a millisecond (property)', () => {
    const starry = fc.stringMatching(/^[*ab]{0,40}$/);
    fc.assert(
      fc.property(fc.array(starry, { maxLength: 8 }), fc.stringMatching(/^[ab]{0,200}$/), (patterns, key) => {
        const keep = keyMatcher(patterns);
        return fastest(5, () => keep(key)) < 1;
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a message with a thousand huge patterns is handled at once, and takes at most 32 short ones', async () => {
    const el = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
    const userKey = storeUser();
    for (let index = 0; index < 40; index += 1) sessionStorage.setItem(`keep.${index}`, 'x');
    const patterns = [
      ...Array.from({ length: 32 }, (_, index) => `keep.${index}`),
      'keep.*',
      ...Array.from({ length: 1000 }, () => '*'.repeat(5000) + 'Z'),
    ];
    const heard = new Promise((resolve) => el.addEventListener('sign-out-remote', resolve, { once: true }));
    const started = performance.now();
    post(validSignOut(patterns));
    await heard;
    expect(performance.now() - started, 'handled, not frozen').to.be.below(5000);
    expect(sessionStorage.getItem(userKey)).to.equal(null);
    const kept = Object.keys(sessionStorage).sort();
    expect(kept, 'the first 32 patterns only: keep.* (the 33rd) keeps nothing more').to.deep.equal(
      Array.from({ length: 32 }, (_, index) => `keep.${index}`).sort(),
    );
  });
});

describe('a malformed message does not keep a tab from a real sign-out', () => {
  eachTestWatchesNavigation();

  for (const [what, message] of [
    ['a sign-out without clearing', { type: 'signed-out', from: 'x', authority: AUTHORITY, clientId: CLIENT_ID }],
    ['a sign-out whose clearing has the wrong types', { ...validSignOut(), clearing: { session: 'yes', keep: 'all' } }],
    ['a sign-out whose authority is a number', { ...validSignOut(), authority: 42 }],
    ['a front-channel question without an id', { type: 'front-channel', authority: AUTHORITY, clientId: CLIENT_ID }],
    ['null', null],
    ['a string', 'signed-out'],
  ] as const) {
    it(`${what} is dropped, and the next, valid one is applied`, async () => {
      const userKey = storeUser();
      const heard: unknown[] = [];
      const stop = onRemoteSignOut((event) => heard.push(event));
      try {
        post(message);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(sessionStorage.getItem(userKey), 'the malformed message changed nothing').to.not.equal(null);
        post(validSignOut());
        await waitUntil(() => heard.length > 0, 'the valid sign-out was applied', { timeout: 10000 });
      } finally {
        stop();
      }
      expect(heard).to.deep.equal([{ source: 'tab' }]);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
    });
  }

  it('messages of any shape, then a valid sign-out: the tab stays responsive and applies it (property)', async function () {
    this.timeout(120000);
    const anyShape = fc.oneof(
      fc.anything(),
      fc.record(
        {
          type: fc.constantFrom('signed-out', 'front-channel', 'front-channel-reply', 'x'),
          from: fc.oneof(fc.string(), fc.anything()),
          id: fc.oneof(fc.string(), fc.anything()),
          authority: fc.oneof(fc.constant(AUTHORITY), fc.anything()),
          clientId: fc.oneof(fc.constant(CLIENT_ID), fc.anything()),
          iss: fc.anything(),
          sid: fc.anything(),
          clearing: fc.oneof(
            fc.anything(),
            fc.record({ session: fc.anything(), keep: fc.array(fc.oneof(fc.string(), fc.anything())) }),
          ),
        },
        { requiredKeys: ['type'] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(anyShape, { minLength: 1, maxLength: 5 }), async (messages) => {
        sessionStorage.clear();
        const userKey = storeUser();
        const heard: unknown[] = [];
        const stop = onRemoteSignOut((event) => heard.push(event));
        try {
          for (const message of messages) post(message);
          post(validSignOut());
          await waitUntil(() => sessionStorage.getItem(userKey) === null, 'the valid sign-out was applied', {
            timeout: 10000,
          });
          // The page answers at once: nothing it was sent froze it.
          const started = performance.now();
          await new Promise((resolve) => setTimeout(resolve));
          expect(performance.now() - started).to.be.below(1000);
        } finally {
          stop();
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

describe('a malformed record does not keep a restored page from its part', () => {
  const nav = eachTestWatchesNavigation();
  const restore = () => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  const record = (at: number) => ({
    at,
    authority: AUTHORITY,
    clientId: CLIENT_ID,
    clearing: { session: true, keep: [] },
  });

  it('a record {at} before a real one: back from the cache, this tab signs out and reloads', async () => {
    const userKey = storeUser();
    const stop = onRemoteSignOut(() => undefined);
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify([{ at: Date.now() + 1 }, record(Date.now() + 1)]));
      restore();
      await waitUntil(() => nav.reloads.length > 0, 'the page reloaded', { timeout: 10000 });
    } finally {
      stop();
    }
    expect(sessionStorage.getItem(userKey)).to.equal(null);
    expect(nav.reloads).to.have.length(1);
  });

  it('records of any shape: a restore never throws, and applies the valid ones (property)', async function () {
    this.timeout(120000);
    const anyRecord = fc.oneof(
      fc.anything(),
      fc.record({
        at: fc.oneof(fc.constant(Date.now() + 1), fc.anything()),
        authority: fc.oneof(fc.constant(AUTHORITY), fc.anything()),
        clientId: fc.oneof(fc.constant(CLIENT_ID), fc.anything()),
        clearing: fc.anything(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(anyRecord, { maxLength: 6 }), fc.anything()), async (records) => {
        sessionStorage.clear();
        nav.reloads.length = 0;
        const userKey = storeUser();
        const errors: unknown[] = [];
        const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push(event);
        window.addEventListener('error', onError);
        window.addEventListener('unhandledrejection', onError);
        const stop = onRemoteSignOut(() => undefined);
        try {
          // The valid record last: the restore must get to it whatever came before.
          const planted = Array.isArray(records) ? [...records.slice(0, 4), record(Date.now() + 1)] : records;
          localStorage.setItem(RECENT_KEY, JSON.stringify(planted ?? null) ?? 'null');
          restore();
          if (Array.isArray(records)) {
            await waitUntil(() => nav.reloads.length > 0, 'the page reloaded', { timeout: 10000 });
            expect(sessionStorage.getItem(userKey)).to.equal(null);
          } else {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          expect(nav.reloads.length).to.be.at.most(1);
          expect(errors).to.deep.equal([]);
        } finally {
          stop();
          window.removeEventListener('error', onError);
          window.removeEventListener('unhandledrejection', onError);
          localStorage.removeItem(RECENT_KEY);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
