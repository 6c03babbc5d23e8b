// An SPA's own UserManager and the attributes it covers (`authority`, `client-id`, `user-store`):
// the UserManager wins, in the full sign-out and in the one the first load does when the sign-out
// code cannot be loaded, and a disagreement is said once in the console.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import '../../src/define.js';
import { signOut, type SignOutButton } from '../../src/index.js';
import { signOutChunk } from '../../src/shell/chunks.js';
import {
  AUTHORITY,
  CLIENT_ID,
  END_SESSION,
  ID_TOKEN,
  eachTestWatchesNavigation,
  paramsOf,
  storeUser,
  warningsDuring,
} from './support.js';

const OTHER_AUTHORITY = 'https://other-op.example';
const OTHER_CLIENT = 'other-client';
const page = (path: string) => new URL(path, location.href).href;

/** The SPA's UserManager, signed in (its user stored where it keeps it). */
function managerOf(settings: { userStore?: WebStorageStateStore } = {}): UserManager {
  return new UserManager({
    authority: AUTHORITY,
    client_id: CLIENT_ID,
    redirect_uri: page('/callback.html'),
    metadata: { issuer: AUTHORITY, end_session_endpoint: END_SESSION },
    ...settings,
  });
}

const elementWith = async (manager: UserManager, attributes: { authority?: string; clientId?: string } = {}) => {
  const el = await fixture<SignOutButton>(
    html`<sign-out-button
      authority=${attributes.authority ?? OTHER_AUTHORITY}
      client-id=${attributes.clientId ?? OTHER_CLIENT}
      mode="local"
    ></sign-out-button>`,
  );
  el.userManager = manager;
  return el;
};

describe('a UserManager and the attributes it covers', () => {
  const nav = eachTestWatchesNavigation();

  describe('the UserManager wins', () => {
    it("the end-session request carries its user's ID token and its client, whatever the options say", async () => {
      storeUser();
      const manager = managerOf();
      await warningsDuring(() => signOut({ userManager: manager, authority: OTHER_AUTHORITY, clientId: OTHER_CLIENT }));
      expect(nav.assigned).to.have.length(1);
      expect(nav.assigned[0].startsWith(`${END_SESSION}?`), 'its provider').to.equal(true);
      const values = Object.fromEntries(paramsOf(nav.assigned[0]));
      expect(values.client_id).to.equal(CLIENT_ID);
      expect(values.id_token_hint === ID_TOKEN, "the UserManager's user's ID token").to.equal(true);
    });

    it('on the element: the click signs out its user and tells other tabs of its authority and client', async () => {
      const userKey = storeUser();
      const told: { authority: string; clientId: string }[] = [];
      const channel = new BroadcastChannel('sign-out-button');
      channel.onmessage = (event) => told.push(event.data as (typeof told)[number]);
      const el = await elementWith(managerOf());
      const { result } = await warningsDuring(() => el.signOut());
      await waitUntil(() => told.length > 0, 'the other tabs were told', { timeout: 5000 });
      channel.close();
      expect(result.providerSession).to.equal('skipped');
      expect(sessionStorage.getItem(userKey), "the UserManager's user is gone").to.equal(null);
      expect(told.map(({ authority, clientId }) => [authority, clientId])).to.deep.equal([[AUTHORITY, CLIENT_ID]]);
    });

    describe('when the sign-out code cannot be loaded', () => {
      const realImport = signOutChunk.import;
      beforeEach(() => {
        signOutChunk.loaded = undefined;
        signOutChunk.ready = undefined;
        signOutChunk.import = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      });
      afterEach(() => {
        signOutChunk.import = realImport;
        signOutChunk.loaded = undefined;
        signOutChunk.ready = undefined;
      });

      it('the local sign-out removes its user and tells other tabs of its authority and client', async () => {
        const userKey = storeUser();
        const told: { authority: string; clientId: string }[] = [];
        const channel = new BroadcastChannel('sign-out-button');
        channel.onmessage = (event) => told.push(event.data as (typeof told)[number]);
        const el = await elementWith(managerOf());
        const failed = new Promise<Event>((resolve) => el.addEventListener('sign-out-error', resolve, { once: true }));
        el.addEventListener('sign-out-error', (event) => event.preventDefault());
        el.click();
        const { error } = ((await failed) as CustomEvent<{ error: { code: string } }>).detail;
        await waitUntil(() => told.length > 0, 'the other tabs were told', { timeout: 5000 });
        channel.close();
        expect(error.code).to.equal('load-failed');
        expect(sessionStorage.getItem(userKey), "the UserManager's user is gone").to.equal(null);
        expect(told.map(({ authority, clientId }) => [authority, clientId])).to.deep.equal([[AUTHORITY, CLIENT_ID]]);
      });
    });
  });

  describe('a disagreement is warned about once', () => {
    it('authority and client-id: one warning each, over intent and several clicks, naming no token', async () => {
      storeUser();
      const el = await elementWith(managerOf());
      const { warnings } = await warningsDuring(async () => {
        el.dispatchEvent(new Event('pointerover', { bubbles: true, composed: true }));
        await el.signOut();
        storeUser();
        await el.signOut();
      });
      expect(warnings).to.deep.equal([
        `<sign-out-button>: authority "${OTHER_AUTHORITY}" is not the userManager's ("${AUTHORITY}"): the userManager's is used.`,
        `<sign-out-button>: client-id "${OTHER_CLIENT}" is not the userManager's ("${CLIENT_ID}"): the userManager's is used.`,
      ]);
      expect(warnings.some((line) => line.includes(ID_TOKEN))).to.equal(false);
    });

    it('attributes that agree, or none, are not warned about', async () => {
      const agreeing = await elementWith(managerOf(), { authority: AUTHORITY, clientId: CLIENT_ID });
      const bare = await fixture<SignOutButton>(html`<sign-out-button mode="local"></sign-out-button>`);
      bare.userManager = managerOf();
      const { warnings } = await warningsDuring(async () => {
        await agreeing.signOut();
        await bare.signOut();
        await signOut({ userManager: managerOf(), mode: 'local' });
      });
      expect(warnings).to.deep.equal([]);
    });

    it('user-store: another store than the UserManager keeps its user in is warned about; its own is not', async () => {
      const inLocal = () => managerOf({ userStore: new WebStorageStateStore({ store: localStorage }) });
      const { warnings } = await warningsDuring(async () => {
        await signOut({ userManager: managerOf(), mode: 'local', userStore: 'local' });
        await signOut({ userManager: inLocal(), mode: 'local', userStore: 'local' });
        // The element's default ("session") says nothing about a UserManager that keeps it elsewhere.
        await signOut({ userManager: inLocal(), mode: 'local', userStore: 'session' });
      });
      expect(warnings).to.deep.equal([
        `<sign-out-button>: user-store "local" is not the userManager's ("session"): the userManager's is used.`,
      ]);
    });
  });
});
