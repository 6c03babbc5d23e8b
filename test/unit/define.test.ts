import { expect } from '@open-wc/testing';

describe("import 'sign-out-button/define'", () => {
  it('registers <sign-out-button>, and importing it again does not throw', async () => {
    const first = await import('../../src/define.js');
    expect(customElements.get('sign-out-button')).to.equal(first.SignOutButton);
    // A second copy of the module (another bundle) must not throw on the taken tag.
    const second = await import(`../../src/define.ts?copy=${Date.now()}`);
    expect(customElements.get('sign-out-button')).to.equal(first.SignOutButton);
    expect(second.SignOutButton).to.be.a('function');
  });

  it('importing the package entry has no side effects', async () => {
    const api = await import('../../src/index.js');
    expect(Object.keys(api).sort()).to.deep.equal([
      'SignOutButton',
      'SignOutError',
      'completeSignOut',
      'handleFrontChannelLogout',
      'onRemoteSignOut',
      'prepareSignOut',
      'signOut',
    ]);
  });
});
