// Both drop-in files under a strict Content Security Policy: `default-src 'self'` plus exactly the
// sources docs/cms.md documents (the provider in connect-src, frame-src and form-action), no
// 'unsafe-inline', no 'unsafe-eval'. In each mode a click signs the person out, and the return
// page, with no inline script, completes through its tag's data-complete-sign-out. Not one
// violation is reported. The pages are plain files, served as a web host serves them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from './support/node-test.mjs';
import { endSessionRequests, launchChromium } from './support/stack.mjs';
import { providerFor, serveStatic, signInAt } from './support/static-site.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The policy docs/cms.md gives, for a provider at `issuer`. */
export const documentedPolicy = (issuer) =>
  `default-src 'self'; connect-src 'self' ${issuer}; frame-src 'self' ${issuer}; form-action 'self' ${issuer}`;

const FILES = {
  module: '<script type="module" src="/cdn/sign-out-button.js"',
  classic: '<script src="/cdn/sign-out-button.iife.js"',
};

/** Reports the sign-out events and every CSP violation of a page to the test (no inline script). */
const REPORTER = `for (const type of ['sign-out-start', 'sign-out-complete', 'sign-out-error'])
  document.addEventListener(type, (event) =>
    window.__record({ type, page: location.pathname, providerSession: event.detail?.providerSession, code: event.detail?.error?.code }));
document.addEventListener('securitypolicyviolation', (event) =>
  window.__record({ type: 'violation', page: location.href, directive: event.violatedDirective, blocked: event.blockedURI }));
`;

const html = (title, body) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title><script src="/report.js"></script></head>\n<body>\n${body}\n</body></html>\n`;

const dir = mkdtempSync(join(tmpdir(), 'sign-out-button-csp-'));
let site = null;
let op = null;
let browser = null;

before(async () => {
  site = await serveStatic(
    { '/cdn/': join(root, 'dist/cdn'), '/': dir },
    { headers: () => ({ 'content-security-policy': documentedPolicy(op.issuer) }) },
  );
  op = await providerFor(site.origin, {
    returnPaths: Object.keys(FILES).map((file) => `/${file}/signed-out.html`),
  });
  writeFileSync(join(dir, 'report.js'), REPORTER);
  writeFileSync(join(dir, 'probe.html'), html('Probe', ''));
  for (const [file, tag] of Object.entries(FILES)) {
    mkdirSync(join(dir, file));
    for (const mode of ['local', 'redirect', 'iframe', 'popup'])
      for (const method of ['get', 'post'])
        writeFileSync(
          join(dir, file, `${mode}-${method}.html`),
          html(
            `${mode} ${method}`,
            `${tag}></script>
<sign-out-button
  authority="${op.issuer}"
  client-id="demo-spa"
  mode="${mode}"
  method="${method}"
  post-logout-redirect-uri="${site.origin}/${file}/signed-out.html"
  after-url="/${file}/after.html">
  Sign out
</sign-out-button>`,
          ),
        );
    writeFileSync(
      join(dir, file, 'signed-out.html'),
      html('Signed out', `${tag} data-complete-sign-out></script>\n<p>Signed out.</p>`),
    );
    writeFileSync(join(dir, file, 'after.html'), html('After', '<p>Goodbye.</p>'));
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await op?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

const EXPECTED = { local: 'skipped', redirect: 'redirecting', iframe: 'ended', popup: 'ended' };

describe("the drop-in files under default-src 'self' and the documented sources", () => {
  it('the policy is the one docs/cms.md gives', () => {
    const docs = readFileSync(join(root, 'docs/cms.md'), 'utf8');
    assert.ok(
      docs.includes(documentedPolicy('https://login.example.com')),
      documentedPolicy('https://login.example.com'),
    );
  });

  for (const file of Object.keys(FILES))
    for (const [mode, method] of [
      ['local', 'get'],
      ['redirect', 'get'],
      ['redirect', 'post'],
      ['iframe', 'get'],
      ['iframe', 'post'],
      ['popup', 'get'],
      ['popup', 'post'],
    ])
      it(`${file}: ${mode} mode${mode === 'local' ? '' : `, ${method.toUpperCase()}`} signs out, with no violation`, async (t) => {
        const context = await browser.newContext();
        t.after(() => context.close());
        const log = [];
        await context.exposeBinding('__record', (_source, entry) => void log.push(entry));
        const page = await context.newPage();
        const lines = [];
        context.on('console', (message) => lines.push(message.text()));
        context.on('weberror', (error) => lines.push(`uncaught: ${error.error().message}`));
        const storageKey = await signInAt(page, op, site.origin);
        await page.goto(`${site.origin}/${file}/${mode}-${method}.html`);
        const before = endSessionRequests(op).length;
        await page.click('sign-out-button');
        await page.waitForURL(`${site.origin}/${file}/after.html`);

        assert.deepEqual(
          log.filter((entry) => entry.type === 'violation'),
          [],
          'no CSP violation',
        );
        const ends = log.filter((entry) => ['sign-out-complete', 'sign-out-error'].includes(entry.type));
        assert.deepEqual(JSON.parse(JSON.stringify(ends)), [
          { type: 'sign-out-complete', page: `/${file}/${mode}-${method}.html`, providerSession: EXPECTED[mode] },
        ]);
        assert.equal(endSessionRequests(op).length - before, mode === 'local' ? 0 : 1, 'end-session requests');
        if (mode !== 'local') assert.equal(endSessionRequests(op).at(-1).method, method.toUpperCase());
        assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), storageKey), null, 'the user is gone');
        assert.deepEqual(
          lines.filter((line) => /Content.Security.Policy|sign-out-button>|uncaught/i.test(line)),
          [],
          'no console line',
        );
      });
});
