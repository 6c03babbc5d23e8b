import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { signOut, type SignOutButton, type SignOutOptions } from '../../src/index.js';
import {
  CLIENT_ID,
  FIXTURE_AUTHORITY,
  ID_TOKEN,
  appEntries,
  eachTestBlocksPopups,
  eachTestWatchesNavigation,
  recordEvents,
  rejectionOf,
  storeUser,
  warningsDuring,
} from './support.js';

const fixtures = new URL('./fixtures/', import.meta.url).href;

/** An iframe sign-out against the stand-in end-session page, which behaves as `behave` says. */
const iframe = (behave: string, options: SignOutOptions = {}): SignOutOptions => ({
  authority: FIXTURE_AUTHORITY,
  clientId: CLIENT_ID,
  endSessionEndpoint: `${fixtures}end-session.html`,
  postLogoutRedirectUri: `${fixtures}return.html`,
  mode: 'iframe',
  timeout: 600,
  extraParams: { behave },
  ...options,
});

const frames = () => document.querySelectorAll('iframe').length;
/** Long enough that a report the frame does send is never missed on a slow machine. */
const REPORTED = { timeout: 10000 };

describe('iframe mode', () => {
  const nav = eachTestWatchesNavigation();

  describe('counts as ended only when the return page in the frame reports back', () => {
    it('a return with the state sent: ended, the frame removed, then after-url', async () => {
      storeUser(sessionStorage, FIXTURE_AUTHORITY);
      const result = await signOut(iframe('return', { ...REPORTED, afterUrl: '/after.html', state: { n: 1 } }));
      expect(result).to.deep.equal({
        mode: 'iframe',
        method: 'get',
        providerSession: 'ended',
        afterUrl: new URL('/after.html', location.href).href,
        revocation: 'skipped',
      });
      expect(frames()).to.equal(0);
      expect(nav.assigned).to.deep.equal([result.afterUrl]);
      expect(appEntries(localStorage), 'the state was verified and consumed').to.deep.equal({});
    });

    it('a frame that loads and stays (a confirmation page) is not confirmed: fallback="none" gives unconfirmed', async () => {
      const result = await signOut(iframe('stay', { fallback: 'none' }));
      expect(result.providerSession).to.equal('unconfirmed');
      expect(frames()).to.equal(0);
      expect(nav.assigned).to.deep.equal([]);
    });

    it('the console says it was not confirmed, within what time, what happens next and the usual causes', async () => {
      const { result, warnings } = await warningsDuring(() => signOut(iframe('stay', { fallback: 'none' })));
      expect(result.providerSession).to.equal('unconfirmed');
      const said = warnings.filter((line) => line.startsWith('<sign-out-button>: the iframe sign-out'));
      expect(said).to.have.length(1);
      expect(said[0]).to.contain('was not confirmed within 600 ms');
      expect(said[0]).to.contain('ends "unconfirmed"');
      expect(said[0]).to.contain('post-logout-redirect-uri or client the provider does not have registered');
      expect(said[0]).to.contain('docs/troubleshooting.md');
    });

    it('a confirmed sign-out says nothing in the console', async () => {
      const { result, warnings } = await warningsDuring(() => signOut(iframe('return', REPORTED)));
      expect(result.providerSession).to.equal('ended');
      expect(warnings).to.deep.equal([]);
    });

    it('a look-alike message from another window is ignored', async () => {
      const pending = signOut(iframe('stay', { fallback: 'none', timeout: 2000 }));
      await waitUntil(() => frames() > 0, 'the frame is there', { timeout: 5000 });
      window.postMessage({ source: 'oidc-client', url: `${fixtures}return.html?state=x` }, location.origin);
      expect((await pending).providerSession).to.equal('unconfirmed');
    });

    it('a return with another state fails with state-mismatch, after the local sign-out', async () => {
      const userKey = storeUser(sessionStorage, FIXTURE_AUTHORITY);
      const { events, stop } = recordEvents();
      const error = await rejectionOf(signOut(iframe('wrong-state', REPORTED)));
      stop();
      expect(error.code).to.equal('state-mismatch');
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
      expect(frames()).to.equal(0);
    });
  });

  describe('fallback="redirect" (the default)', () => {
    it('the console says the fallback redirect comes', async () => {
      const { warnings } = await warningsDuring(() => signOut(iframe('stay')));
      const said = warnings.filter((line) => line.startsWith('<sign-out-button>: the iframe sign-out'));
      expect(said).to.have.length(1);
      expect(said[0]).to.contain('Going on with a top-level redirect to the provider (fallback="redirect")');
    });

    it('signs out at top level with the same parameters, the ID token still known', async () => {
      storeUser(sessionStorage, FIXTURE_AUTHORITY);
      const result = await signOut(iframe('stay', { logoutHint: 'alice' }));
      expect(result.providerSession).to.equal('redirecting');
      expect(frames()).to.equal(0);
      const sent = new URL(nav.assigned[0]);
      expect(sent.pathname).to.match(/end-session\.html$/);
      expect(Object.fromEntries(sent.searchParams)).to.include({
        id_token_hint: ID_TOKEN,
        client_id: CLIENT_ID,
        logout_hint: 'alice',
        post_logout_redirect_uri: `${fixtures}return.html`,
      });
    });
  });

  describe('configuration', () => {
    const invalid: [string, SignOutOptions][] = [
      [
        'with a return page on another (allowed) origin',
        iframe('stay', {
          postLogoutRedirectUri: 'https://www.example.com/r',
          allowedOrigins: 'https://www.example.com',
        }),
      ],
      ['with a timeout that is not positive', iframe('stay', { timeout: 0 })],
      ['with an unknown fallback', iframe('stay', { fallback: 'popup' as 'none' })],
    ];
    for (const [what, options] of invalid) {
      it(`invalid-config ${what}`, async () => {
        expect((await rejectionOf(signOut(options))).code).to.equal('invalid-config');
        expect(frames()).to.equal(0);
      });
    }

    it('the element reads timeout and fallback from attributes and warns about bad ones', async () => {
      const { result: el, warnings } = await warningsDuring(() =>
        fixture<SignOutButton>(html`<sign-out-button timeout="250" fallback="sometimes"></sign-out-button>`),
      );
      expect(el.timeout).to.equal(250);
      expect(el.fallback).to.equal('sometimes');
      expect(warnings.some((text) => text.includes('fallback="sometimes"'))).to.equal(true);
    });
  });
});

describe('popup mode', () => {
  const nav = eachTestWatchesNavigation();
  eachTestBlocksPopups();

  const popup = (options: SignOutOptions = {}) => iframe('return', { mode: 'popup', ...options });

  it('blocked, fallback="none": popup-blocked after the local sign-out', async () => {
    const userKey = storeUser(sessionStorage, FIXTURE_AUTHORITY);
    const error = await rejectionOf(signOut(popup({ fallback: 'none' })));
    expect(error.code).to.equal('popup-blocked');
    expect(sessionStorage.getItem(userKey)).to.equal(null);
    expect(nav.assigned).to.deep.equal([]);
  });

  it('blocked, fallback="redirect": a top-level redirect instead, and the console says why', async () => {
    const { result, warnings } = await warningsDuring(() => signOut(popup()));
    expect(result.providerSession).to.equal('redirecting');
    expect(warnings.join('\n')).to.contain('the popup sign-out could not open its popup (the browser blocked it)');
    expect(new URL(nav.assigned[0]).pathname).to.match(/end-session\.html$/);
  });

  it('needs a return page on this origin', async () => {
    expect((await rejectionOf(signOut(popup({ postLogoutRedirectUri: undefined })))).code).to.equal('invalid-config');
  });
});
