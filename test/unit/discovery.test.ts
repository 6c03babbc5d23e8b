// The provider's discovery document is kept between page loads for as long as the provider allows
// (its Cache-Control max-age, at most an hour), so that a later page's sign-out waits for no round
// trip; and a record in storage, which any script of the origin can write, is used only in the
// shape the package writes it.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { signOut } from '../../src/index.js';
import { DISCOVERY_KEPT_AT_MOST_MS, fetchDiscovery, keptFor } from '../../src/provider/discovery.js';
import { CLIENT_ID, eachTestWatchesNavigation } from './support.js';

const authorityOf = (name: string) => `${location.origin}/fixtures/${name}`;
const record = (name: string) =>
  JSON.parse(localStorage.getItem(`sign-out-button.discovery:${authorityOf(name)}`) ?? 'null') as {
    expires: number;
    document: Record<string, unknown>;
  } | null;
const requestsFor = (name: string) =>
  performance.getEntriesByName(`${authorityOf(name)}/.well-known/openid-configuration`).length;

describe('the discovery document, kept between page loads', () => {
  eachTestWatchesNavigation();

  it('is kept for its max-age after a sign-out fetched it, with no token in it', async () => {
    const before = Date.now();
    await signOut({ authority: authorityOf('cached-op'), clientId: CLIENT_ID });
    const kept = record('cached-op');
    expect(kept?.document.end_session_endpoint).to.be.a('string');
    expect(kept!.expires).to.be.within(before + 600_000, Date.now() + 600_000);
    expect(JSON.stringify(kept)).to.not.match(/eyJ/);
  });

  it('is kept an hour at most, whatever the provider allows', async () => {
    await signOut({ authority: authorityOf('long-cached-op'), clientId: CLIENT_ID });
    expect(record('long-cached-op')!.expires - Date.now()).to.be.at.most(DISCOVERY_KEPT_AT_MOST_MS);
  });

  it('is not kept when the provider says no-store, or gives no max-age', async () => {
    await signOut({ authority: authorityOf('no-store-op'), clientId: CLIENT_ID });
    await signOut({ authority: authorityOf('logout-op'), clientId: CLIENT_ID });
    expect(record('no-store-op')).to.equal(null);
    expect(record('logout-op')).to.equal(null);
  });

  it('a fresh record is used without asking the provider', async () => {
    const authority = `${location.origin}/fixtures/kept-only-op`;
    localStorage.setItem(
      `sign-out-button.discovery:${authority}`,
      JSON.stringify({ expires: Date.now() + 60_000, document: { end_session_endpoint: `${location.origin}/bye` } }),
    );
    const document = await fetchDiscovery(authority);
    expect(document.end_session_endpoint).to.equal(`${location.origin}/bye`);
    expect(requestsFor('kept-only-op'), 'no request made').to.equal(0);
  });

  for (const [what, planted] of [
    ['stale', { expires: Date.now() - 1, document: { end_session_endpoint: 'https://evil.example/' } }],
    [
      'fresh beyond an hour',
      { expires: Date.now() + 2 * 3_600_000, document: { end_session_endpoint: 'https://evil.example/' } },
    ],
    ['of another shape', { expires: 'never', document: 'https://evil.example/' }],
    ['not JSON', '{'],
  ] as const) {
    it(`a record ${what} is not used: the provider is asked`, async () => {
      const name = `planted-${what.replace(/\W+/g, '-')}`;
      const authority = authorityOf('logout-op');
      localStorage.setItem(
        `sign-out-button.discovery:${authority}?${name}`,
        typeof planted === 'string' ? planted : JSON.stringify(planted),
      );
      const document = await fetchDiscovery(`${authority}?${name}`).catch(() => null);
      expect(document?.end_session_endpoint ?? '').to.not.include('evil.example');
    });
  }
});

describe('a discovery record of any shape (property)', () => {
  it('is used only when it is an object with a document and an expiry within the next hour', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            expires: fc.oneof(
              fc.integer({ min: -3_600_000, max: 7_200_000 }).map((ms) => Date.now() + ms),
              fc.jsonValue(),
            ),
            document: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
          }),
        ),
        async (planted) => {
          run += 1;
          // An authority of its own for each run: the page keeps what it read.
          const authority = `${location.origin}/fixtures/random-${run}`;
          localStorage.setItem(`sign-out-button.discovery:${authority}`, JSON.stringify(planted));
          const { expires, document } = (planted ?? {}) as { expires?: unknown; document?: unknown };
          const left = typeof expires === 'number' ? expires - Date.now() : -1;
          // Not within a second of either bound, where the moment of reading decides.
          fc.pre(Math.abs(left) > 1000 && Math.abs(left - 3_600_000) > 1000);
          const isDocument = typeof document === 'object' && document !== null && !Array.isArray(document);
          const usable = isDocument && left > 0 && left <= 3_600_000;
          const result = await fetchDiscovery(authority).then(
            (value) => ({ value }),
            () => null,
          );
          if (usable) expect(result?.value).to.deep.equal(JSON.parse(JSON.stringify(document)));
          // Otherwise the provider is asked, and this one answers 404: nothing was taken from storage.
          else expect(result).to.equal(null);
        },
      ),
      { seed: 20261202, numRuns: 150 },
    );
  });
});

describe('how long a Cache-Control lets a discovery document be kept', () => {
  for (const [header, kept] of [
    [null, 0],
    ['', 0],
    ['no-store', 0],
    ['no-cache, max-age=600', 0],
    ['public, max-age=600', 600_000],
    ['max-age="30"', 30_000],
    ['private,max-age=0', 0],
    ['public, max-age=86400', 3_600_000],
    ['s-maxage=600', 0],
    ['public', 0],
  ] as const) {
    it(`${JSON.stringify(header)}: ${kept} ms`, () => {
      expect(keptFor(header)).to.equal(kept);
    });
  }
});
