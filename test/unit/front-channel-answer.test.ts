// A front-channel frame's question is answered before the tab's sign-out code is loaded: the
// provider may remove the frame a few hundred milliseconds after its `load` (Glewlwyd does), and
// the frame clears what the origin shares only once a tab said it signed its user out. The tab
// whose sessionStorage holds the user named removes it and answers at once; the handler, once
// loaded, does the rest (sign-out-remote) without a second answer.
import { expect, waitUntil } from '@open-wc/testing';
import { onRemoteSignOut } from '../../src/index.js';
import { signOutChunk } from '../../src/shell/chunks.js';
import { CHANNEL_NAME } from '../../src/tabs/channel.js';
import { AUTHORITY, CLIENT_ID, eachTestWatchesNavigation, storeUser } from './support.js';

type Work = Awaited<ReturnType<typeof signOutChunk.import>>;
const realImport = signOutChunk.import;

/** Holds the sign-out chunk's load until `release` (or `fail`) is called. */
function holdTheChunk() {
  let release: () => void = () => undefined;
  let fail: () => void = () => undefined;
  const held = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = () => reject(new Error('chunk not found'));
  });
  signOutChunk.import = async () => {
    await held;
    return realImport() as Promise<Work>;
  };
  return { release, fail };
}

/** Asks the tabs as the front-channel page does; collects every answer to this request. */
function ask(fields: Record<string, unknown> = {}) {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  const id = crypto.randomUUID();
  const answers: unknown[] = [];
  channel.onmessage = (event: MessageEvent<{ type?: string; id?: string; answer?: unknown }>) => {
    if (event.data?.type === 'front-channel-reply' && event.data.id === id) answers.push(event.data.answer);
  };
  channel.postMessage({
    type: 'front-channel',
    id,
    authority: AUTHORITY,
    clientId: CLIENT_ID,
    iss: AUTHORITY,
    sid: 's-1',
    clearing: { session: false, keep: [] },
    local: true,
    ...fields,
  });
  return { answers, close: () => channel.close() };
}

describe('a front-channel question, before the sign-out code is loaded', () => {
  eachTestWatchesNavigation();
  let heard: unknown[] = [];
  let stop: () => void = () => undefined;
  let close: () => void = () => undefined;
  const warned: unknown[][] = [];
  const realWarn = console.warn;

  beforeEach(() => {
    heard = [];
    warned.length = 0;
    console.warn = (...args: unknown[]) => warned.push(args);
    stop = onRemoteSignOut((event) => heard.push(event));
  });

  afterEach(() => {
    stop();
    close();
    console.warn = realWarn;
    signOutChunk.import = realImport;
    sessionStorage.clear();
    localStorage.removeItem('app.cart');
  });

  it('the tab with the user named removes it and answers at once; the handler then tells the page, once', async () => {
    const userKey = storeUser();
    localStorage.setItem('app.cart', '3 items');
    const chunk = holdTheChunk();
    const request = ask();
    close = request.close;
    await waitUntil(() => request.answers.length > 0, 'answered while the chunk is still loading', { timeout: 2000 });
    expect(request.answers).to.deep.equal(['signed-out']);
    expect(sessionStorage.getItem(userKey), 'the user is gone at once').to.equal(null);
    expect(heard, 'the page is told by the handler').to.deep.equal([]);
    chunk.release();
    await waitUntil(() => heard.length > 0, 'the handler told the page', { timeout: 5000 });
    expect(heard).to.deep.equal([{ source: 'front-channel' }]);
    expect(localStorage.getItem('app.cart'), "the origin's localStorage cleared by the tab too").to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(request.answers, 'no second answer').to.deep.equal(['signed-out']);
  });

  it('another session (a different sid) is not answered at once, and the user stays', async () => {
    const userKey = storeUser();
    const chunk = holdTheChunk();
    const request = ask({ sid: 's-2' });
    close = request.close;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(request.answers).to.deep.equal([]);
    chunk.release();
    await waitUntil(() => request.answers.length > 0, 'the handler answered', { timeout: 5000 });
    expect(request.answers).to.deep.equal(['other-session']);
    expect(sessionStorage.getItem(userKey)).to.not.equal(null);
    expect(heard).to.deep.equal([]);
  });

  it('a request in another shape than the package sends is left to the handler, which ignores it', async () => {
    const userKey = storeUser();
    const chunk = holdTheChunk();
    const request = ask({ clearing: 'all', sid: 7 });
    close = request.close;
    await new Promise((resolve) => setTimeout(resolve, 200));
    chunk.release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(request.answers).to.deep.equal([]);
    expect(sessionStorage.getItem(userKey)).to.not.equal(null);
    expect(heard).to.deep.equal([]);
  });

  it('a sid-less token (LemonLDAP::NG) is matched by the handler, by iss alone', async () => {
    const key = `oidc.user:${AUTHORITY}:${CLIENT_ID}`;
    sessionStorage.setItem(key, JSON.stringify({ profile: { sub: 'u1', iss: AUTHORITY }, token_type: 'Bearer' }));
    const chunk = holdTheChunk();
    const request = ask({ sid: 'u1' });
    close = request.close;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(request.answers, 'not at once: the profile names no sid').to.deep.equal([]);
    chunk.release();
    await waitUntil(() => request.answers.length > 0, 'the handler answered', { timeout: 5000 });
    expect(request.answers).to.deep.equal(['signed-out']);
    expect(sessionStorage.getItem(key)).to.equal(null);
  });

  it('when the sign-out code cannot be loaded, the page still hears it and the console says why', async () => {
    const userKey = storeUser();
    const chunk = holdTheChunk();
    const request = ask();
    close = request.close;
    await waitUntil(() => request.answers.length > 0, 'answered', { timeout: 2000 });
    chunk.fail();
    await waitUntil(() => heard.length > 0, 'the page was told', { timeout: 5000 });
    expect(heard).to.deep.equal([{ source: 'front-channel' }]);
    expect(sessionStorage.getItem(userKey)).to.equal(null);
    await waitUntil(() => warned.length > 0, 'a console warning', { timeout: 2000 });
    expect(String(warned[0][0])).to.contain('<sign-out-button>');
    expect(String(warned[0][1])).to.contain('could not be loaded');
  });
});
