import { expect } from '@open-wc/testing';
import { MAX_GET_URL_LENGTH, chooseMethod } from '../../src/core/request-method.js';
import { postForm } from '../../src/platform/form-post.js';
import { signOut } from '../../src/index.js';
import { AUTHORITY, CLIENT_ID, END_SESSION, ID_TOKEN, eachTestWatchesNavigation, storeUser } from './support.js';

interface SubmittedForm {
  method: string;
  enctype: string;
  acceptCharset: string;
  action: string;
  target: string;
  fields: [string, string][];
  inDocument: boolean;
}

/** Captures what `form.submit()` would send, instead of sending it. */
function captureSubmissions(): { forms: SubmittedForm[]; restore(): void } {
  const forms: SubmittedForm[] = [];
  const original = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function (this: HTMLFormElement) {
    forms.push({
      method: this.method,
      enctype: this.enctype,
      acceptCharset: this.acceptCharset,
      action: this.action,
      target: this.target,
      fields: [...this.querySelectorAll('input')].map((input) => [input.name, input.value]),
      inDocument: this.isConnected,
    });
  };
  return { forms, restore: () => (HTMLFormElement.prototype.submit = original) };
}

describe('the end-session request as a form POST', () => {
  const nav = eachTestWatchesNavigation();
  let capture: ReturnType<typeof captureSubmissions>;
  beforeEach(() => (capture = captureSubmissions()));
  afterEach(() => capture.restore());

  const request = `${END_SESSION}?id_token_hint=${ID_TOKEN}&client_id=${CLIENT_ID}&post_logout_redirect_uri=https%3A%2F%2Fapp.example%2Fr%3Fa%3D1%26b%3D%C3%A9&state=s1`;

  it('has one urlencoded field per parameter, posted to the endpoint, at the target', () => {
    postForm(request, END_SESSION, 'sign-out-frame');
    expect(capture.forms).to.have.length(1);
    const [form] = capture.forms;
    expect(form).to.include({
      method: 'post',
      enctype: 'application/x-www-form-urlencoded',
      acceptCharset: 'UTF-8',
      action: END_SESSION,
      target: 'sign-out-frame',
      inDocument: true,
    });
    expect(form.fields).to.deep.equal([
      ['id_token_hint', ID_TOKEN],
      ['client_id', CLIENT_ID],
      ['post_logout_redirect_uri', 'https://app.example/r?a=1&b=é'],
      ['state', 's1'],
    ]);
  });

  it("keeps the endpoint's own query in the action and out of the fields", () => {
    const endpoint = 'https://op.example/logout?p=b2c_policy';
    postForm(`${endpoint}&id_token_hint=t&state=s`, endpoint, '_self');
    expect(capture.forms[0].action).to.equal(endpoint);
    expect(capture.forms[0].fields).to.deep.equal([
      ['id_token_hint', 't'],
      ['state', 's'],
    ]);
  });

  it('leaves no form, and so no token, in the page after submission', () => {
    postForm(request, END_SESSION, 'sign-out-frame');
    expect(document.querySelectorAll('form')).to.have.length(0);
    expect(document.documentElement.outerHTML).to.not.include(ID_TOKEN);
  });

  it('redirect mode with method="post" posts the same request oidc-client-ts built, state stored as for GET', async () => {
    storeUser();
    const result = await signOut({
      authority: AUTHORITY,
      clientId: CLIENT_ID,
      endSessionEndpoint: END_SESSION,
      postLogoutRedirectUri: '/signed-out.html',
      method: 'post',
      state: 'posted',
    });
    expect(result.method).to.equal('post');
    expect(nav.assigned).to.deep.equal([]);
    expect(nav.posted).to.have.length(1);
    const { url, endpoint } = nav.posted[0];
    expect(endpoint).to.equal(END_SESSION);
    const state = new URL(url).searchParams.get('state')!;
    expect(localStorage.getItem(`sign-out-button.state.${state}`), 'the state is stored exactly as for GET').to.include(
      '"posted"',
    );
  });

  describe('method="auto"', () => {
    it(`stays on GET up to ${MAX_GET_URL_LENGTH} characters and posts above`, () => {
      const at = (length: number) => `https://op.example/logout?x=${'a'.repeat(length - 28)}`;
      expect(at(MAX_GET_URL_LENGTH).length).to.equal(MAX_GET_URL_LENGTH);
      expect(chooseMethod('auto', at(MAX_GET_URL_LENGTH))).to.equal('get');
      expect(chooseMethod('auto', at(MAX_GET_URL_LENGTH + 1))).to.equal('post');
      expect(chooseMethod('get', at(5000))).to.equal('get');
      expect(chooseMethod('post', at(100))).to.equal('post');
    });

    it('posts a sign-out whose ID token makes the URL too long', async () => {
      await signOut({ endSessionEndpoint: END_SESSION, idTokenHint: `eyJ${'x'.repeat(2500)}.e.s` });
      expect(nav.assigned).to.deep.equal([]);
      expect(nav.posted).to.have.length(1);
    });
  });
});
