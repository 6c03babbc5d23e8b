import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';

describe('smoke', () => {
  it('renders', async () => {
    const el = await fixture(html`<sign-out-button></sign-out-button>`);
    expect(el.shadowRoot!.querySelector('button')).to.exist;
  });
});
