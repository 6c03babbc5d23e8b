// What the console says without a listener: warnings about a button's markup at its first intent
// or click (an attribute that is almost one of the element's, authority without client-id, iframe
// mode cross-site to the provider; once per button), and an uncancelled sign-out-error.
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import '../../src/define.js';
import type { SignOutButton } from '../../src/index.js';
import { signOutChunk } from '../../src/shell/chunks.js';
import { meantAttribute } from '../../src/options/markup-warnings.js';
import { OPTIONS, attributeOf, type OptionSpec } from '../../src/options/option-table.js';
import { CLIENT_ID, FIXTURE_AUTHORITY, ID_TOKEN, eachTestWatchesNavigation } from './support.js';

const ATTRIBUTES = Object.entries(OPTIONS as Record<string, OptionSpec>)
  .filter(([, spec]) => spec.kind !== 'user-manager')
  .map(([name]) => attributeOf(name));

/**
 * The console's warnings while `act` runs, until the sign-out code is loaded and has warned
 * (`expected` lines, or none), then 100 ms more.
 */
async function warnings(act: () => Promise<unknown> | void, expected = 0): Promise<string[]> {
  const said: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void said.push(args.join(' '));
  try {
    await act();
    await waitUntil(() => signOutChunk.ready !== undefined && said.length >= expected, 'warned', { timeout: 10000 });
    await aTimeout(100);
  } finally {
    console.warn = original;
  }
  return said.filter((line) => line.startsWith('<sign-out-button>:'));
}

/** The intent that loads the sign-out code (a focus), then a wait for its warnings. */
const intent = (el: SignOutButton) => () => {
  el.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
};

describe('warnings about the markup', () => {
  eachTestWatchesNavigation();

  it('a near-miss attribute: says which one was meant, once per button', async () => {
    const el = await fixture<SignOutButton>(
      html`<sign-out-button
        mode="local"
        clientid="spa"
        post-logout-redirect-url="/x"
        after_url="/y"
      ></sign-out-button>`,
    );
    const said = await warnings(intent(el), 3);
    expect(said).to.include(
      '<sign-out-button>: "clientid" is not an attribute of <sign-out-button>: did you mean "client-id"?',
    );
    expect(said.join('\n')).to.contain('did you mean "post-logout-redirect-uri"?');
    expect(said.join('\n')).to.contain(
      '"after_url" is not an attribute of <sign-out-button>: did you mean "after-url"?',
    );
    expect(await warnings(intent(el)), 'once per button').to.deep.equal([]);
  });

  it('a user-manager attribute (what Vue makes of :user-manager): says to bind the property', async () => {
    const el = await fixture<SignOutButton>(
      html`<sign-out-button mode="local" user-manager="[object Object]"></sign-out-button>`,
    );
    const said = await warnings(intent(el), 1);
    expect(said.join('\n')).to.contain(
      '"user-manager" is an attribute here, so the element never saw the UserManager: bind the property',
    );
  });

  it('correct markup, global, data-* and aria-* attributes: no warning', async () => {
    const el = await fixture<SignOutButton>(
      html`<sign-out-button
        id="out"
        class="big"
        title="Sign out of the site"
        data-track="nav"
        aria-describedby="x"
        lang="en"
        mode="local"
        authority=${FIXTURE_AUTHORITY}
        client-id=${CLIENT_ID}
      ></sign-out-button>`,
    );
    expect(await warnings(intent(el))).to.deep.equal([]);
  });

  it('authority without client-id (and no userManager): says the sign-out will fail', async () => {
    const el = await fixture<SignOutButton>(
      html`<sign-out-button mode="local" authority=${FIXTURE_AUTHORITY}></sign-out-button>`,
    );
    const said = await warnings(intent(el), 1);
    expect(said.join('\n')).to.contain('authority is set without client-id');
  });

  it('mode="iframe" cross-site to the provider: expect the fallback; same-site: nothing', async () => {
    const cross = await fixture<SignOutButton>(
      html`<sign-out-button mode="iframe" authority="https://op.example" client-id="spa"></sign-out-button>`,
    );
    const said = await warnings(intent(cross), 1);
    expect(said.join('\n')).to.contain(
      'mode="iframe" on a page cross-site to https://op.example: the browser will not send the provider\'s cookies into the frame',
    );
    const same = await fixture<SignOutButton>(
      html`<sign-out-button mode="iframe" authority=${location.origin} client-id="spa"></sign-out-button>`,
    );
    const sameSaid = await warnings(intent(same));
    expect(sameSaid.join('\n')).to.not.contain('cross-site');
  });

  it('a click that came first warns too', async () => {
    const el = await fixture<SignOutButton>(
      html`<sign-out-button
        mode="local"
        client_id="spa"
        authority=${FIXTURE_AUTHORITY}
        client-id=${CLIENT_ID}
      ></sign-out-button>`,
    );
    const said = await warnings(async () => {
      el.click();
      await waitUntil(() => !el.busy, 'the sign-out ended', { timeout: 5000 });
    });
    expect(said.join('\n')).to.contain(
      '"client_id" is not an attribute of <sign-out-button>: did you mean "client-id"?',
    );
  });

  describe('which attribute was meant (property-based, seeded)', () => {
    const params = { seed: 19, numRuns: 300 };

    it('every attribute of the element, written with other separators or none, or in another case, is taken for itself', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...ATTRIBUTES),
          fc.constantFrom('', '_', '.', '-'),
          fc.boolean(),
          (attribute, separator, upper) => {
            let written = attribute.replace(/-/g, separator);
            if (upper) written = written.toUpperCase();
            fc.pre(written.toLowerCase() !== attribute);
            return meantAttribute(written) === attribute;
          },
        ),
        params,
      );
    });

    it('an attribute of the element, a global one, data-* or aria-*: never a warning', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.constantFrom(
              ...ATTRIBUTES,
              'id',
              'class',
              'style',
              'hidden',
              'slot',
              'part',
              'title',
              'lang',
              'tabindex',
            ),
            fc.stringMatching(/^(data|aria)-[a-z-]{1,20}$/),
          ),
          (name) => meantAttribute(name) === null,
        ),
        params,
      );
    });

    it('one typing slip (a letter dropped, doubled or changed) in a name of 5 or more letters: the name is suggested', () => {
      const long = ATTRIBUTES.filter((attribute) => attribute.length >= 6);
      fc.assert(
        fc.property(
          fc.constantFrom(...long),
          fc.nat(),
          fc.constantFrom('drop', 'double', 'change'),
          (attribute, at, slip) => {
            const i = at % attribute.length;
            const written =
              slip === 'drop'
                ? attribute.slice(0, i) + attribute.slice(i + 1)
                : slip === 'double'
                  ? attribute.slice(0, i) + attribute[i] + attribute.slice(i)
                  : attribute.slice(0, i) + (attribute[i] === 'q' ? 'z' : 'q') + attribute.slice(i + 1);
            fc.pre(!ATTRIBUTES.includes(written));
            const meant = meantAttribute(written);
            // The slip may land nearer another attribute; it is never taken for none.
            return meant !== null && ATTRIBUTES.includes(meant);
          },
        ),
        params,
      );
    });
  });
});

describe('sign-out-error in the console', () => {
  eachTestWatchesNavigation();

  /** The console's errors while `act` runs. */
  async function errorsDuring(act: () => Promise<unknown>): Promise<string[]> {
    const said: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void said.push(args.join(' '));
    try {
      await act().catch(() => undefined);
    } finally {
      console.error = original;
    }
    return said;
  }

  const failing = () =>
    fixture<SignOutButton>(
      html`<sign-out-button
        mode="local"
        timeout="0"
        authority=${FIXTURE_AUTHORITY}
        client-id=${CLIENT_ID}
        id-token-hint=${ID_TOKEN}
      ></sign-out-button>`,
    );

  it('unless a listener cancels it, the code and message are written, and no token', async () => {
    const el = await failing();
    const said = await errorsDuring(() => el.signOut());
    expect(said).to.have.length(1);
    expect(said[0]).to.match(
      /^<sign-out-button>: sign-out failed \(invalid-config\): timeout="0" is not a number of milliseconds/,
    );
    expect(said[0]).to.not.contain('eyJ');
  });

  it('a listener that calls preventDefault() keeps the console quiet', async () => {
    const el = await failing();
    el.addEventListener('sign-out-error', (event) => event.preventDefault());
    expect(await errorsDuring(() => el.signOut())).to.deep.equal([]);
  });
});
