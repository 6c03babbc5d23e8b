import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { resolveOptions } from '../../src/options/resolve-options.js';
import { SignOutButton } from '../../src/index.js';
import {
  AUTHORITY,
  CLIENT_ID,
  END_SESSION,
  ID_TOKEN,
  paramsOf,
  recordEvents,
  eachTestWatchesNavigation,
  storeUser,
  warningsDuring,
} from './support.js';

const innerButton = (el: SignOutButton) => el.shadowRoot!.querySelector('button')!;

/** A button that signs out against `END_SESSION` without discovery. */
function redirectButton(extra = html``) {
  return fixture<SignOutButton>(
    html`<sign-out-button authority=${AUTHORITY} client-id=${CLIENT_ID} end-session-endpoint=${END_SESSION}
      >${extra}</sign-out-button
    >`,
  );
}

describe('<sign-out-button>', () => {
  const nav = eachTestWatchesNavigation();

  describe('attributes and properties', () => {
    const pairs: [string, keyof SignOutButton, string][] = [
      ['authority', 'authority', 'https://op.example'],
      ['client-id', 'clientId', 'c1'],
      ['end-session-endpoint', 'endSessionEndpoint', 'https://op.example/logout'],
      ['post-logout-redirect-uri', 'postLogoutRedirectUri', 'https://app.example/bye'],
      ['id-token-hint', 'idTokenHint', 'token'],
      ['user-store', 'userStore', 'local'],
      ['logout-hint', 'logoutHint', 'alice'],
      ['ui-locales', 'uiLocales', 'de'],
      ['extra-params', 'extraParams', 'federated'],
      ['state', 'state', 's1'],
      ['mode', 'mode', 'local'],
      ['fallback', 'fallback', 'none'],
      ['method', 'method', 'post'],
      ['after-url', 'afterUrl', '/bye'],
      ['allowed-origins', 'allowedOrigins', 'https://a.example'],
      ['clear-storage', 'clearStorage', 'cookies'],
      ['keep-storage', 'keepStorage', 'app.*'],
    ];
    for (const [attribute, property, value] of pairs) {
      it(`${attribute} sets ${String(property)}`, async () => {
        const el = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
        el.setAttribute(attribute, value);
        expect(el[property]).to.equal(value);
      });
    }

    it("timeout's default is the mode's: 5 s for a hidden iframe, 120 s for a popup (a person may have to confirm)", () => {
      const base = {
        authority: 'https://op.example',
        clientId: 'c',
        postLogoutRedirectUri: `${location.origin}/return.html`,
      };
      expect(resolveOptions({ ...base, mode: 'iframe' }).timeout).to.equal(5000);
      expect(resolveOptions({ ...base, mode: 'popup' }).timeout).to.equal(120000);
      expect(resolveOptions({ ...base, mode: 'popup', timeout: 800 }).timeout).to.equal(800);
    });

    it('has the documented defaults', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
      expect(el.mode).to.equal('redirect');
      expect(el.timeout, "unset: the mode's own default applies").to.equal(undefined);
      expect(el.method).to.equal('auto');
      expect(el.fallback).to.equal('redirect');
      expect(el.userStore).to.equal('session');
      expect(el.clearStorage).to.equal('local session');
      expect(el.disabled).to.equal(false);
      expect(el.busy).to.equal(false);
    });

    it('reflects disabled and busy', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
      el.disabled = true;
      el.busy = true;
      await el.updateComplete;
      expect(el.hasAttribute('disabled')).to.equal(true);
      expect(el.hasAttribute('busy')).to.equal(true);
      expect(innerButton(el).disabled).to.equal(true);
    });

    it('warns in the console about a bad attribute value', async () => {
      const { warnings } = await warningsDuring(() =>
        fixture(html`<sign-out-button mode="teleport" clear-storage="local attic"></sign-out-button>`),
      );
      expect(warnings.some((text) => text.includes('mode="teleport"'))).to.equal(true);
      expect(warnings.some((text) => text.includes('"attic"'))).to.equal(true);
    });
  });

  describe('rendering', () => {
    it('is a native button in shadow DOM with part="button" and the default label', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
      const button = innerButton(el);
      expect(button.type).to.equal('button');
      expect(button.getAttribute('part')).to.equal('button');
      const slot = button.querySelector('slot')!;
      expect(slot.textContent!.trim()).to.equal('Sign out');
    });

    it('takes its label from the slot', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button>Log off</sign-out-button>`);
      const slot = innerButton(el).querySelector('slot')!;
      expect(
        slot
          .assignedNodes()
          .map((node) => node.textContent)
          .join(''),
      ).to.equal('Log off');
    });

    describe('a label as CMS editors leave it', () => {
      const box = (el: SignOutButton) => {
        const { width, height } = innerButton(el).getBoundingClientRect();
        return { width: Math.round(width), height: Math.round(height) };
      };
      const shown = (el: SignOutButton) =>
        innerButton(el)
          .querySelector('slot')!
          .assignedNodes()
          .map((node) => node.textContent)
          .join('');

      it('whitespace only, or only <br>: the default label shows, one line high', async () => {
        const plain = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
        for (const el of [
          await fixture<SignOutButton>(html`<sign-out-button> </sign-out-button>`),
          await fixture<SignOutButton>(
            html`<sign-out-button
              ><br />
              <br
            /></sign-out-button>`,
          ),
        ]) {
          expect(shown(el)).to.equal('');
          expect(box(el)).to.deep.equal(box(plain));
        }
      });

      it('"Sign<br>out" (wpautop) is one line, as wide as "Sign out"', async () => {
        const plain = await fixture<SignOutButton>(html`<sign-out-button>Sign out</sign-out-button>`);
        const el = await fixture<SignOutButton>(
          html`<sign-out-button
            >Sign<br />
            out</sign-out-button
          >`,
        );
        expect(box(el)).to.deep.equal(box(plain));
      });

      it('never wraps, even in a narrow column', async () => {
        const wide = await fixture<SignOutButton>(html`<sign-out-button>Sign out of every app</sign-out-button>`);
        const narrow = await fixture<HTMLElement>(
          html`<div style="width: 40px"><sign-out-button>Sign out of every app</sign-out-button></div>`,
        );
        expect(box(narrow.querySelector('sign-out-button')!).height).to.equal(box(wide).height);
      });

      it('follows the content as it changes', async () => {
        const el = await fixture<SignOutButton>(html`<sign-out-button> </sign-out-button>`);
        el.textContent = 'Log off';
        await aTimeout(0);
        expect(shown(el)).to.equal('Log off');
        (el.firstChild as Text).data = '  ';
        await aTimeout(0);
        expect(shown(el)).to.equal('');
        el.append(document.createElement('img'));
        await aTimeout(0);
        expect(innerButton(el).querySelector('slot')!.assignedNodes()).to.have.length(2);
      });
    });

    it('is styled through --sign-out-button-* custom properties and ::part(button)', async () => {
      const el = await fixture<SignOutButton>(
        html`<sign-out-button
          style="--sign-out-button-background: rgb(1, 2, 3); --sign-out-button-color: rgb(250, 250, 250)"
        ></sign-out-button>`,
      );
      const style = getComputedStyle(innerButton(el));
      expect(style.backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(style.color).to.equal('rgb(250, 250, 250)');
    });

    it('delegates focus to the inner button', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
      el.focus();
      expect(document.activeElement).to.equal(el);
      expect(el.shadowRoot!.activeElement).to.equal(innerButton(el));
    });
  });

  describe('accessibility', () => {
    it('is accessible when idle', async () => {
      const el = await fixture(html`<sign-out-button></sign-out-button>`);
      await expect(el).to.be.accessible();
    });

    it('is accessible and aria-busy while busy', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button busy></sign-out-button>`);
      expect(innerButton(el).getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('is accessible when disabled', async () => {
      const el = await fixture(html`<sign-out-button disabled></sign-out-button>`);
      await expect(el).to.be.accessible();
    });
  });

  describe('the busy state is visible and announced', () => {
    const spinner = (el: SignOutButton) => el.shadowRoot!.querySelector<HTMLElement>('[part=spinner]')!;
    const status = (el: SignOutButton) => el.shadowRoot!.querySelector<HTMLElement>('[role=status]')!;

    it('idle: no indicator, nothing announced', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button></sign-out-button>`);
      expect(getComputedStyle(spinner(el)).display).to.equal('none');
      expect(status(el).textContent!.trim()).to.equal('');
    });

    it('busy: a turning indicator (a still one for reduced motion), "Signing out…" announced', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button busy></sign-out-button>`);
      const style = getComputedStyle(spinner(el));
      expect(style.display).to.not.equal('none');
      expect(spinner(el).getBoundingClientRect().width).to.be.above(0);
      const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
      expect(style.animationName).to.equal(reduced ? 'none' : 'sign-out-button-spin');
      expect(spinner(el).getAttribute('aria-hidden')).to.equal('true');
      expect(status(el).textContent!.trim()).to.equal('Signing out…');
    });

    it('a click shows it at once, and it goes when the sign-out is done', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button mode="local"></sign-out-button>`);
      const done = el.signOut();
      await el.updateComplete;
      expect(getComputedStyle(spinner(el)).display).to.not.equal('none');
      await done;
      await el.updateComplete;
      expect(getComputedStyle(spinner(el)).display).to.equal('none');
    });

    it('stops turning for people who asked for less motion', () => {
      const rules = SignOutButton.elementStyles.flatMap((style) => [
        ...((style as CSSStyleSheet).cssRules ?? (style as { styleSheet?: CSSStyleSheet }).styleSheet?.cssRules ?? []),
      ]);
      const reduced = rules.filter(
        (rule): rule is CSSMediaRule =>
          rule instanceof CSSMediaRule && rule.conditionText.includes('prefers-reduced-motion: reduce'),
      );
      const spinnerStyles = reduced.flatMap((rule) =>
        [...rule.cssRules].filter((inner): inner is CSSStyleRule => inner instanceof CSSStyleRule),
      );
      expect(spinnerStyles.map((inner) => inner.style.animationName)).to.deep.equal(['none']);
    });

    it('is themable through --sign-out-button-spinner-*', async () => {
      const el = await fixture<SignOutButton>(
        html`<sign-out-button
          busy
          style="--sign-out-button-spinner-color: rgb(1, 2, 3); --sign-out-button-spinner-size: 20px"
        ></sign-out-button>`,
      );
      const style = getComputedStyle(spinner(el));
      expect(style.borderTopColor).to.equal('rgb(1, 2, 3)');
      expect(style.width).to.equal('20px');
    });
  });

  describe('keyboard', () => {
    // ' ' is the Space key: Firefox's WebDriver BiDi keyboard has no key named "Space".
    for (const [name, key] of [
      ['Enter', 'Enter'],
      ['Space', ' '],
    ]) {
      it(`${name} on the focused button signs out`, async () => {
        const el = await fixture<SignOutButton>(html`<sign-out-button mode="local"></sign-out-button>`);
        el.focus();
        const completed = oneEvent(el, 'sign-out-complete');
        await sendKeys({ press: key });
        expect((await completed).detail.mode).to.equal('local');
      });
    }
  });

  describe('events', () => {
    it('a redirect sign-out fires start then complete, bubbling and composed, then navigates', async () => {
      const el = await redirectButton();
      el.afterUrl = '/after.html';
      el.postLogoutRedirectUri = '/signed-out.html';
      const { events, stop } = recordEvents();
      innerButton(el).click();
      await oneEvent(el, 'sign-out-complete');
      stop();
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-complete']);
      const [start, complete] = events;
      expect(start).to.include({ bubbles: true, composed: true, cancelable: true, target: el });
      expect(start.detail).to.deep.equal({ mode: 'redirect' });
      expect(complete).to.include({ bubbles: true, composed: true, cancelable: false, target: el });
      expect(complete.detail).to.deep.equal({
        mode: 'redirect',
        method: 'get',
        providerSession: 'redirecting',
        afterUrl: new URL('/after.html', location.href).href,
        revocation: 'skipped',
      });
      expect(nav.assigned).to.have.length(1);
      expect(nav.assigned[0].startsWith(`${END_SESSION}?`)).to.equal(true);
    });

    it('a local sign-out fires start then complete with providerSession "skipped"', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button mode="local"></sign-out-button>`);
      const { events, stop } = recordEvents(el);
      const result = await el.signOut();
      stop();
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-complete']);
      expect(result).to.deep.equal({
        mode: 'local',
        method: null,
        providerSession: 'skipped',
        afterUrl: null,
        revocation: 'skipped',
      });
      expect(nav.assigned).to.deep.equal([]);
    });

    it('a failing sign-out fires start then exactly one error', async () => {
      const el = await fixture<SignOutButton>(
        html`<sign-out-button authority="http://127.0.0.1:9" client-id="c"></sign-out-button>`,
      );
      const { events, stop } = recordEvents(el);
      innerButton(el).click();
      await oneEvent(el, 'sign-out-error');
      await aTimeout(50);
      stop();
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
      expect(events[1]).to.include({ bubbles: true, composed: true });
      expect(el.busy).to.equal(false);
    });
  });

  describe('cancelling sign-out-start clears nothing', () => {
    it('leaves user, storage and cookies alone and sends nothing', async () => {
      const userKey = storeUser();
      localStorage.setItem('app.cart', '3');
      document.cookie = 'pref=1; path=/';
      const el = await redirectButton();
      el.addEventListener('sign-out-start', (event) => event.preventDefault());
      const { events, stop } = recordEvents(el);
      let rejection: unknown;
      await el.signOut().catch((error: unknown) => (rejection = error));
      stop();
      expect((rejection as { code: string }).code).to.equal('aborted');
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start']);
      expect(sessionStorage.getItem(userKey)).to.not.equal(null);
      expect(localStorage.getItem('app.cart')).to.equal('3');
      expect(document.cookie).to.include('pref=1');
      expect(nav.assigned).to.deep.equal([]);
      expect(el.busy).to.equal(false);
    });
  });

  describe('a double click sends one request', () => {
    it('the second click while busy does nothing', async () => {
      storeUser();
      const el = await redirectButton();
      const { events, stop } = recordEvents(el);
      innerButton(el).click();
      innerButton(el).click();
      await oneEvent(el, 'sign-out-complete');
      innerButton(el).click();
      await aTimeout(50);
      stop();
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-complete']);
      expect(nav.assigned).to.have.length(1);
      expect(el.busy, 'stays busy while the page leaves').to.equal(true);
    });

    it('signOut() while busy returns the running sign-out', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button mode="local"></sign-out-button>`);
      const first = el.signOut();
      expect(el.busy).to.equal(true);
      expect(el.signOut()).to.equal(first);
      await first;
    });

    it('a disabled button does nothing on click', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button mode="local" disabled></sign-out-button>`);
      const { events, stop } = recordEvents(el);
      el.click();
      innerButton(el).click();
      await aTimeout(20);
      stop();
      expect(events).to.deep.equal([]);
    });
  });

  describe('the ID token', () => {
    it('comes from the user stored for authority + client-id', async () => {
      storeUser();
      const el = await redirectButton();
      await el.signOut();
      expect(new URL(nav.assigned[0]).searchParams.get('id_token_hint')).to.equal(ID_TOKEN);
    });

    it('is read from localStorage with user-store="local"', async () => {
      storeUser(localStorage);
      const el = await redirectButton();
      el.userStore = 'local';
      await el.signOut();
      expect(new URL(nav.assigned[0]).searchParams.get('id_token_hint')).to.equal(ID_TOKEN);
    });

    it('id-token-hint wins over the stored user', async () => {
      storeUser();
      const el = await redirectButton();
      el.idTokenHint = 'eyJ.server.rendered';
      await el.signOut();
      expect(paramsOf(nav.assigned[0]).filter(([name]) => name === 'id_token_hint')).to.deep.equal([
        ['id_token_hint', 'eyJ.server.rendered'],
      ]);
    });

    it('never appears in an event detail or the console', async () => {
      storeUser();
      const logged: string[] = [];
      const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
      const originals = methods.map((method) => console[method]);
      methods.forEach(
        (method) => (console[method] = (...args: unknown[]) => void logged.push(args.map(String).join(' '))),
      );
      const details: string[] = [];
      try {
        const el = await fixture<SignOutButton>(
          html`<sign-out-button
            authority="http://127.0.0.1:9"
            client-id=${CLIENT_ID}
            id-token-hint=${ID_TOKEN}
          ></sign-out-button>`,
        );
        el.addEventListener('sign-out-error', (event) =>
          details.push(JSON.stringify(event.detail), event.detail.error.message),
        );
        await el.signOut().catch(() => undefined);
      } finally {
        methods.forEach((method, index) => (console[method] = originals[index]));
      }
      expect(details.length).to.equal(2);
      for (const text of [...details, ...logged]) expect(text).to.not.include(ID_TOKEN.slice(0, 40));
    });
  });
});
