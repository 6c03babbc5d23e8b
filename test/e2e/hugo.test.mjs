// The Hugo shortcodes of integrations/hugo/, built by Debian's Hugo (installed as root when
// missing, else every test is skipped, saying how to install it): the button and the return page
// come out of Hugo's default Markdown settings (raw HTML dropped) exactly as written, and sign a
// person out end to end under `script-src 'self'`; the README's and docs/cms.md's snippets survive
// a Markdown renderer that keeps raw HTML.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { after, before, describe, it } from './support/node-test.mjs';
import { endSessionRequests, launchChromium } from './support/stack.mjs';
import { providerFor, serveStatic, signInAt } from './support/static-site.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const INSTALL = 'apt-get install -y hugo';

/** Hugo on the PATH, installed from Debian as root when missing; else `{ reason }`. */
function findHugo() {
  const found = () => {
    try {
      return execFileSync('hugo', ['version'], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  let version = found();
  if (!version && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    try {
      execFileSync('apt-get', ['install', '-y', '-qq', 'hugo'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: 240_000,
      });
    } catch {
      // Said below.
    }
    version = found();
  }
  return version ? { version } : { reason: `Hugo is not installed; run as root: ${INSTALL}` };
}

const hugo = findHugo();
if (hugo.reason) console.log(`# skipped: the Hugo tests (${hugo.reason})`);
else console.log(`# ${hugo.version}`);
const skip = hugo.reason ? { skip: hugo.reason } : {};

/** A page layout that is only the content: what Hugo's Markdown and the shortcodes make of it. */
const LAYOUT =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n';

const sites = [];

/**
 * Builds a Hugo site (its own temporary directory, removed after the file) with the shortcodes as
 * the README says to install them (integrations/hugo/ as the theme `sign-out-button`, the drop-in
 * files in static/sign-out-button/) and `pages` (`{ 'path.md': markdown }`). `config` is added
 * to config.toml. Resolves `{ dir, out, code, output }` (Hugo's exit code and output).
 */
async function buildSite(pages, { config = '' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sign-out-button-hugo-'));
  sites.push(dir);
  cpSync(join(root, 'integrations/hugo'), join(dir, 'themes/sign-out-button'), { recursive: true });
  cpSync(join(root, 'dist/cdn'), join(dir, 'static/sign-out-button'), { recursive: true });
  mkdirSync(join(dir, 'layouts/_default'), { recursive: true });
  writeFileSync(join(dir, 'layouts/_default/single.html'), LAYOUT);
  writeFileSync(
    join(dir, 'config.toml'),
    `baseURL = "http://127.0.0.1/"\ntheme = ["sign-out-button"]\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n${config}\n`,
  );
  for (const [path, text] of Object.entries(pages)) {
    mkdirSync(dirname(join(dir, 'content', path)), { recursive: true });
    writeFileSync(join(dir, 'content', path), text);
  }
  const out = join(dir, 'public');
  const child = spawn('hugo', ['--source', dir, '--destination', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
  clearTimeout(timer);
  return { dir, out, code, output };
}

const page = (title, body) => `---\ntitle: ${title}\n---\n\n${body}\n`;

let browser = null;
const closing = [];
before(async () => {
  if (!hugo.reason) assert.ok(existsSync(join(root, 'dist/cdn/sign-out-button.js')), 'dist/ is built (npm run build)');
});
after(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
  await browser?.close();
  for (const dir of sites) rmSync(dir, { recursive: true, force: true });
});
const chromium = async () => (browser ??= await launchChromium());

/** Serves `out` (with `csp` as the policy of every answer) until the test ends. */
async function serve(t, out, csp) {
  const site = await serveStatic({ '/': out }, { headers: () => (csp ? { 'content-security-policy': csp } : {}) });
  t.after(() => site.close());
  return site;
}

/** A fresh context, closed when the test ends. */
async function newPage(t) {
  const context = await (await chromium()).newContext();
  t.after(() => context.close());
  const log = [];
  await context.exposeBinding('__record', (_source, entry) => void log.push(entry));
  const console = [];
  const tab = await context.newPage();
  tab.on('console', (message) => console.push(message.text()));
  tab.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
  return { page: tab, log, console };
}

/** The `<sign-out-button>` elements of the page at `url`: their attributes and label, as the browser parsed them. */
async function buttonsAt(page, url) {
  await page.goto(url);
  return page.$$eval('sign-out-button', (buttons) =>
    buttons.map((button) => ({
      attributes: Object.fromEntries([...button.attributes].map((attribute) => [attribute.name, attribute.value])),
      label: button.innerHTML,
    })),
  );
}

describe('the Hugo shortcodes, built by Debian’s Hugo', () => {
  it('the button comes out of Hugo’s default settings, which drop raw HTML, with its script tag', skip, async (t) => {
    const built = await buildSite({
      'account.md': page(
        'Account',
        [
          '<sign-out-button authority="https://raw.example">raw</sign-out-button>',
          '',
          '{{< sign-out-button authority="https://login.example.com" client-id="my-app" mode="iframe" revoke-tokens=true no-broadcast=false >}}Sign out{{< /sign-out-button >}}',
        ].join('\n'),
      ),
    });
    assert.equal(built.code, 0, built.output);
    const html = readFileSync(join(built.out, 'account/index.html'), 'utf8');
    assert.match(html, /raw HTML omitted/, 'Hugo’s default dropped the raw HTML');
    const { page: tab } = await newPage(t);
    const site = await serve(t, built.out);
    assert.deepEqual(await buttonsAt(tab, `${site.origin}/account/`), [
      {
        attributes: {
          authority: 'https://login.example.com',
          'client-id': 'my-app',
          mode: 'iframe',
          'revoke-tokens': '',
        },
        label: 'Sign out',
      },
    ]);
    const scripts = await tab.$$eval('script', (tags) => tags.map((tag) => [tag.type, tag.getAttribute('src')]));
    assert.deepEqual(scripts, [['module', '/sign-out-button/sign-out-button.js']]);
    assert.equal(await tab.evaluate(() => customElements.whenDefined('sign-out-button').then(() => true)), true);
  });

  it("signs out end to end under script-src 'self': button, provider, return page, after-url", skip, async (t) => {
    const built = await buildSite({
      'account.md': page(
        'Account',
        '{{< sign-out-button authority="ISSUER" client-id="demo-spa" post-logout-redirect-uri="/signed-out/" after-url="/goodbye/" >}}Sign out{{< /sign-out-button >}}',
      ),
      'signed-out.md': page('Signed out', 'You are signed out.\n\n{{< complete-sign-out >}}'),
      'goodbye.md': page('Goodbye', 'Goodbye.'),
      'probe.md': page('Probe', 'Nothing here.'),
    });
    assert.equal(built.code, 0, built.output);
    const site = await serve(t, built.out, "script-src 'self'");
    const op = await providerFor(site.origin);
    t.after(() => op.close());
    // The issuer has a free port: put it in the built page (Hugo wrote ISSUER as given).
    const account = join(built.out, 'account/index.html');
    writeFileSync(account, readFileSync(account, 'utf8').replace('ISSUER', op.issuer));

    const { page: tab, console } = await newPage(t);
    const storageKey = await signInAt(tab, op, site.origin, { probePath: '/probe/' });
    await tab.goto(`${site.origin}/account/`);
    const before = endSessionRequests(op).length;
    await tab.click('sign-out-button');
    await tab.waitForURL(`${site.origin}/goodbye/`);
    assert.equal(endSessionRequests(op).length - before, 1, 'the provider was reached');
    assert.equal(await tab.evaluate((key) => sessionStorage.getItem(key), storageKey), null);
    assert.deepEqual(
      console.filter((line) => /Content Security Policy|sign-out-button>/.test(line)),
      [],
      'no blocked script, no failure',
    );
  });

  it(
    'the return page’s allowed-origins become the tag’s data-allowed-origins, and there is no inline script',
    skip,
    async () => {
      const built = await buildSite({
        'signed-out.md': page(
          'Signed out',
          '{{< complete-sign-out allowed-origins="https://shop.example https://b.example" >}}',
        ),
      });
      assert.equal(built.code, 0, built.output);
      const html = readFileSync(join(built.out, 'signed-out/index.html'), 'utf8');
      const tags = [...html.matchAll(/<script\b[^>]*>[^<]*<\/script>/g)].map(([tag]) => tag);
      assert.deepEqual(tags, [
        '<script type="module" src="/sign-out-button/sign-out-button.js" data-complete-sign-out data-allowed-origins="https://shop.example https://b.example"></script>',
      ]);
    },
  );

  it('src and integrity, per shortcode or as site params; a .iife.js src is the classic script', skip, async () => {
    const built = await buildSite(
      {
        'a.md': page('A', '{{< sign-out-button authority="a" >}}{{< /sign-out-button >}}'),
        'b.md': page('B', '{{< complete-sign-out src="/assets/sign-out-button.iife.js" >}}'),
        'c.md': page('C', '{{< sign-out-button authority="a" script=false >}}{{< /sign-out-button >}}'),
      },
      {
        config: '[params.signOutButton]\nsrc = "https://cdn.example/sign-out-button.js"\nintegrity = "sha384-abc"',
      },
    );
    assert.equal(built.code, 0, built.output);
    const tagsOf = (path) =>
      [...readFileSync(join(built.out, path), 'utf8').matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    assert.deepEqual(tagsOf('a/index.html'), [
      '<script type="module" src="https://cdn.example/sign-out-button.js" integrity="sha384-abc" crossorigin="anonymous">',
    ]);
    assert.deepEqual(tagsOf('b/index.html'), ['<script src="/assets/sign-out-button.iife.js" data-complete-sign-out>']);
    assert.deepEqual(tagsOf('c/index.html'), []);
  });

  it('a parameter that is no attribute of the element fails the build, naming it', skip, async () => {
    const built = await buildSite({
      'a.md': page('A', '{{< sign-out-button clientid="my-app" >}}{{< /sign-out-button >}}'),
    });
    assert.notEqual(built.code, 0);
    assert.match(built.output, /"clientid" is not an attribute of <sign-out-button>/);
    const positional = await buildSite({
      'a.md': page('A', '{{< sign-out-button "my-app" >}}{{< /sign-out-button >}}'),
    });
    assert.notEqual(positional.code, 0);
    assert.match(positional.output, /takes named parameters/);
  });

  it(
    'attribute values and labels come out exactly as written, markup as text (property-based, seeded)',
    skip,
    async (t) => {
      // What a shortcode's quoted parameter can hold: anything but a raw newline and a backslash
      // (Hugo's lexer knows only \" as an escape).
      const value = fc.string({
        unit: fc.constantFrom(...[...'aZ09 <>&"\'`=/:;?#%{}()[]-_.é€😀'].concat(['<script>', '"><b>', '{{'])),
        maxLength: 24,
      });
      const label = fc.string({
        unit: fc.constantFrom(...[...'aZ09 <>&"\'=/é€'].concat(['<b>x</b>', '<img src=x onerror=alert(1)>'])),
        maxLength: 24,
      });
      const cases = fc.sample(fc.record({ authority: value, state: value, label }), { seed: 19, numRuns: 60 });
      const quoted = (text) => `"${text.replaceAll('"', '\\"')}"`;
      const body = cases
        .map(
          ({ authority, state, label: text }) =>
            `{{< sign-out-button authority=${quoted(authority)} state=${quoted(state)} >}}${text}{{< /sign-out-button >}}`,
        )
        .join('\n\n');
      const built = await buildSite({ 'many.md': page('Many', body) });
      assert.equal(built.code, 0, built.output);
      const { page: tab, log } = await newPage(t);
      const site = await serve(t, built.out);
      const buttons = await buttonsAt(tab, `${site.origin}/many/`);
      assert.equal(buttons.length, cases.length);
      const textOf = (html) =>
        tab.evaluate((markup) => {
          const template = document.createElement('template');
          template.innerHTML = markup;
          return [template.content.children.length, template.content.textContent];
        }, html);
      for (const [index, { authority, state, label: text }] of cases.entries()) {
        const expected = { authority, state };
        for (const name of ['authority', 'state']) if (expected[name] === '') delete expected[name];
        assert.deepEqual(buttons[index].attributes, expected, `case ${index}`);
        // The label is text: no element of it was rendered, and it reads as written (trimmed).
        assert.deepEqual(await textOf(buttons[index].label), [0, text.trim()], `case ${index}`);
      }
      assert.deepEqual(log, []);
    },
  );

  it('lists exactly the attributes of the element (dist/custom-elements.json), less the busy state', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'dist/custom-elements.json'), 'utf8'));
    const element = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .find((d) => d.tagName === 'sign-out-button');
    const expected = element.attributes.map((attribute) => attribute.name).filter((name) => name !== 'busy');
    const shortcode = readFileSync(join(root, 'integrations/hugo/layouts/shortcodes/sign-out-button.html'), 'utf8');
    const listed = [...shortcode.match(/\$attributes := slice ([^}]*)/)[1].matchAll(/"([\w-]+)"/g)].map(
      ([, name]) => name,
    );
    assert.deepEqual([...listed].sort(), [...expected].sort());
  });

  it('every HTML snippet of README.md and docs/cms.md keeps its elements under unsafe = true', skip, async (t) => {
    const snippets = ['README.md', 'docs/cms.md'].flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/^```html\n([\s\S]*?)^```$/gm)].map(([, code], index) => ({
        name: `${file.replace(/\W/g, '-')}-${index}`,
        code,
      })),
    );
    assert.ok(snippets.length >= 6, `${snippets.length} snippets`);
    const built = await buildSite(
      Object.fromEntries(
        snippets.map(({ name, code }) => [`${name}.md`, page(name, `Some text.\n\n${code}\nMore text.`)]),
      ),
      { config: '[markup.goldmark.renderer]\nunsafe = true' },
    );
    assert.equal(built.code, 0, built.output);
    const { page: tab } = await newPage(t);
    // The elements and attributes of a piece of markup, as a browser parses it (<p> is Markdown's).
    const elementsOf = (html) =>
      tab.evaluate((markup) => {
        const parsed = new DOMParser().parseFromString(markup, 'text/html');
        return [...parsed.querySelectorAll('body *, head script')]
          .filter((element) => element.localName !== 'p')
          .map((element) => ({
            name: element.localName,
            attributes: [...element.attributes].map(({ name, value }) => `${name}=${value}`),
            ...(element.localName === 'script' ? { text: element.textContent.trim() } : {}),
          }));
      }, html);
    await tab.goto('about:blank');
    for (const { name, code } of snippets) {
      const html = readFileSync(join(built.out, name.toLowerCase(), 'index.html'), 'utf8');
      const body = html.slice(html.indexOf('<body>'), html.lastIndexOf('</body>'));
      assert.doesNotMatch(body, /<blockquote|raw HTML omitted/, name);
      assert.deepEqual(await elementsOf(body), await elementsOf(code), name);
    }
  });
});
