import { expect } from '@open-wc/testing';
import { completeSignOut, signOut } from '../../src/index.js';
import {
  AUTHORITY,
  CLIENT_ID,
  END_SESSION,
  eachTestWatchesNavigation,
  rejectionOf,
  type NavigationWatch,
} from './support.js';

const testPage = location.href;
/** The return page the tests sign out to: this test page's own path (a visit is a `replaceState`). */
const returnPage = location.pathname;

/** Signs out (navigation watched) and returns the state the request carried. */
async function sentState(nav: NavigationWatch, state: unknown, afterUrl?: string): Promise<string> {
  await signOut({
    authority: AUTHORITY,
    clientId: CLIENT_ID,
    endSessionEndpoint: END_SESSION,
    postLogoutRedirectUri: returnPage,
    state,
    afterUrl,
  });
  return new URL(nav.assigned.at(-1)!).searchParams.get('state')!;
}

/** Puts the test page where the provider would return to, with `query`. */
function returnWith(query: string) {
  history.replaceState(null, '', `${location.pathname}${query}`);
}

const failure = () => rejectionOf(completeSignOut());
describe('completeSignOut()', () => {
  const nav = eachTestWatchesNavigation();
  afterEach(() => history.replaceState(null, '', testPage));

  it('resolves with the verified state and goes on to after-url', async () => {
    const state = await sentState(nav, { cart: 3, note: 'hi' }, '/after.html');
    returnWith(`?state=${state}`);
    const completed = await completeSignOut();
    expect(completed).to.deep.equal({
      state: { cart: 3, note: 'hi' },
      afterUrl: new URL('/after.html', location.href).href,
    });
    expect(nav.replaced).to.deep.equal([completed.afterUrl]);
  });

  it('with navigate: false it does not navigate', async () => {
    const state = await sentState(nav, 's', '/after.html');
    returnWith(`?state=${state}`);
    await completeSignOut({ navigate: false });
    expect(nav.replaced).to.deep.equal([]);
  });

  it('rejects an unknown state with state-mismatch', async () => {
    await sentState(nav, 's');
    returnWith('?state=0123456789abcdef');
    expect((await failure()).code).to.equal('state-mismatch');
  });

  it('rejects an altered state with state-mismatch', async () => {
    const state = await sentState(nav, 's', '/after.html');
    returnWith(`?state=${state.slice(0, -1)}${state.endsWith('a') ? 'b' : 'a'}`);
    expect((await failure()).code).to.equal('state-mismatch');
    expect(nav.replaced).to.deep.equal([]);
  });

  it('rejects a replayed state with state-mismatch', async () => {
    const state = await sentState(nav, 's');
    returnWith(`?state=${state}`);
    await completeSignOut();
    expect((await failure()).code).to.equal('state-mismatch');
  });

  it('rejects a return without state, after one was sent, with state-missing', async () => {
    await sentState(nav, 's', '/after.html');
    returnWith('');
    expect((await failure()).code).to.equal('state-missing');
    expect(nav.replaced).to.deep.equal([]);
  });

  it('resolves empty when no sign-out was pending and no state came', async () => {
    returnWith('');
    expect(await completeSignOut()).to.deep.equal({ state: undefined, afterUrl: null });
  });

  it('a state is sent even when the app gave none, so every return is verified', async () => {
    const state = await sentState(nav, undefined);
    expect(state).to.be.a('string');
    returnWith(`?state=${state}`);
    expect(await completeSignOut()).to.deep.equal({ state: undefined, afterUrl: null });
  });
});
