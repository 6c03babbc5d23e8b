// The WordPress plugin (integrations/wordpress/) in real WordPress from Debian, in real Chromium,
// against the real test provider: the Administrator uploads the plugin's zip and fills its
// settings page; then each writing role (Administrator, Editor, Author, Contributor) writes a post
// in the block editor and in the Classic editor's Visual and Text tabs, and a visitor signed in at
// the provider signs out from the published post (hidden iframe or redirect) through the
// [sign_out_return] page. Starts and stops MariaDB, Apache, the provider and the browser itself.
// The Classic editor is WordPress's own classic edit screen, switched on per request as the Classic
// Editor plugin does (wordpress-classic-editor.php: Debian does not ship that plugin).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProvider } from '../../demo/provider.mjs';
import { buildZip } from '../../integrations/wordpress/build-zip.mjs';
import { launchChromium } from '../e2e/support/stack.mjs';
import { after, before, describe, it } from '../e2e/support/node-test.mjs';
import {
  CLIENT_ID,
  adminSignIn,
  ensureWordPress,
  installPlugin,
  providerClient,
  saveSettings,
  settingsUrl,
  signVisitorIn,
  startWordPress,
} from './wordpress-site.mjs';

const ROLES = ['administrator', 'editor', 'author', 'contributor'];
const EDITORS = ['block editor', 'Classic editor, Visual tab', 'Classic editor, Text tab'];

const installed = ensureWordPress();
const started = Date.now();
const counts = { passed: 0, failed: 0 };
/** `it`, counted for the summary line. */
const counted = (name, options, fn) =>
  it(name, options, async () => {
    try {
      await fn();
      counts.passed += 1;
    } catch (error) {
      counts.failed += 1;
      throw error;
    }
  });

if (!installed.ok) {
  describe('WordPress', () => it('the plugin in real WordPress', { skip: installed.reason }, () => {}));
  console.log(`# wordpress: skipped: ${installed.reason}`);
} else {
  const version = installed.version.split('.').slice(0, 2).join('.');
  describe(`WordPress ${installed.version} with the sign-out-button plugin`, { concurrency: 1 }, () => {
    let site, op, browser, workDir, zipFile, returnUrl, goodbyeUrl;
    let admin = null;

    before(async () => {
      workDir = mkdtempSync(join(tmpdir(), 'sign-out-button-wordpress-zip-'));
      zipFile = buildZip(join(workDir, 'sign-out-button.zip'));
      [site, browser] = await Promise.all([startWordPress(), launchChromium()]);
      const [returnPage, goodbye] = await Promise.all([
        site.php('page', 'Signed out', '[sign_out_return]'),
        site.php('page', 'Goodbye', 'You are signed out. Goodbye!'),
      ]);
      returnUrl = returnPage.url;
      goodbyeUrl = goodbye.url;
      op = await startProvider({ port: 0, clients: [providerClient(site.origin, returnUrl)] });
    });

    after(async () => {
      await admin?.close().catch(() => {});
      await browser?.close().catch(() => {});
      await op?.close().catch(() => {});
      await site?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`# wordpress ${version}: ${counts.passed} passed, ${counts.failed} failed (${seconds} s)`);
    });

    /** The signed-in cookies of each role, from its first sign-in through wp-login.php. */
    const signedIn = {};
    /** A fresh context signed in to wp-admin as `role` (wp-login.php the first time). */
    async function wpLogin(role) {
      const context = await browser.newContext(signedIn[role] ? { storageState: await signedIn[role] } : {});
      context.setDefaultTimeout(120000);
      const page = await context.newPage();
      if (!signedIn[role])
        signedIn[role] = (async () => {
          await adminSignIn(page, site.origin, role);
          return context.storageState();
        })();
      await signedIn[role];
      return { context, page };
    }

    counted('the Administrator uploads the plugin zip and activates it', {}, async () => {
      admin = (await wpLogin('administrator')).context;
      const page = admin.pages()[0];
      await installPlugin(page, site.origin, zipFile);
      assert.equal(await page.locator('tr[data-plugin="sign-out-button/sign-out-button.php"].active').count(), 1);
    });

    counted('the settings page keeps the site-wide values and starts with every writing role', {}, async () => {
      const page = admin.pages()[0];
      await page.goto(settingsUrl(site.origin));
      for (const role of ROLES)
        assert.ok(await page.isChecked(`input[name="sign_out_button[roles][]"][value="${role}"]`), role);
      await saveSettings(page, {
        authority: op.issuer,
        clientId: CLIENT_ID,
        mode: 'iframe',
        returnUrl,
        afterUrl: goodbyeUrl,
      });
      assert.equal(await page.inputValue('#sob-authority'), op.issuer);
      assert.equal(await page.inputValue('#sob-client_id'), CLIENT_ID);
      assert.equal(await page.inputValue('#sob-mode'), 'iframe');
      assert.equal(await page.inputValue('#sob-post_logout_redirect_uri'), returnUrl);
      assert.equal(await page.inputValue('#sob-after_url'), goodbyeUrl);
      for (const role of ROLES)
        assert.ok(await page.isChecked(`input[name="sign_out_button[roles][]"][value="${role}"]`), role);
    });

    /** Writes a post in `editor` as `role`; resolves with its id (published, or pending review). */
    async function writePost(role, editor, title) {
      const { context, page } = await wpLogin(role);
      const canPublish = role !== 'contributor';
      try {
        if (editor === 'block editor') {
          await page.goto(`${site.origin}/wp-admin/post-new.php`);
          await page.waitForFunction(
            () =>
              window.wp?.data?.select('core/editor')?.getCurrentPostId() &&
              window.wp.blocks.getBlockType('core/shortcode'),
          );
          // The editor's own actions, as its Shortcode block and Publish (or Submit) buttons run them.
          const saved = await page.evaluate(
            async ({ title, status }) => {
              const { wp } = window;
              wp.data.dispatch('core/block-editor').insertBlocks([
                wp.blocks.createBlock('core/paragraph', { content: 'Done for today?' }),
                wp.blocks.createBlock('core/shortcode', {
                  text: '[sign_out_button timeout="30000"]Sign out[/sign_out_button]',
                }),
              ]);
              wp.data.dispatch('core/editor').editPost({ title, status });
              await wp.data.dispatch('core/editor').savePost();
              const editorStore = wp.data.select('core/editor');
              return { ok: editorStore.didPostSaveRequestSucceed(), id: editorStore.getCurrentPostId() };
            },
            { title, status: canPublish ? 'publish' : 'pending' },
          );
          assert.ok(saved.ok, 'the block editor saved the post');
          return saved.id;
        }
        await page.goto(`${site.origin}/wp-admin/post-new.php?classic-editor`);
        // WordPress reopens the tab the person used last: TinyMCE starts only in the Visual tab.
        await page.waitForFunction(
          () => document.querySelector('#wp-content-wrap.html-active') || window.tinymce?.get('content')?.getBody(),
        );
        if (editor === 'Classic editor, Visual tab') {
          if (await page.locator('#wp-content-wrap.html-active').count()) await page.click('#content-tmce');
          await page.waitForFunction(() => window.tinymce?.get('content')?.getBody());
          const body = page.frameLocator('#content_ifr').locator('body#tinymce');
          await body.click();
          await body.pressSequentially('Done for today?');
          await body.press('Enter');
          await body.pressSequentially('[sign_out_button mode="redirect"]Log out[/sign_out_button]');
          await page.waitForFunction(() => window.tinymce.get('content').getContent().includes('[/sign_out_button]'));
          // To the Text tab and back, as people check their markup: removep and wpautop run on it.
          await page.click('#content-html');
          await page.waitForFunction(() => document.getElementById('content').value.includes('[/sign_out_button]'));
          await page.click('#content-tmce');
          await page.waitForFunction(() => window.tinymce.get('content').getContent().includes('[/sign_out_button]'));
        } else {
          await page.click('#content-html');
          await page.fill(
            '#content',
            [
              'Done for today?',
              '',
              '[sign_out_button mode="iframe" timeout="30000" ui_locales="auto" no-broadcast]',
              'Sign out',
              '[/sign_out_button]',
              '',
              `<sign-out-button id="raw-tag" mode="local" after-url="${goodbyeUrl}">Sign out here only</sign-out-button>`,
            ].join('\n'),
          );
        }
        // The title last: leaving it starts WordPress's autosave of a new post, which holds Publish back.
        await page.fill('#title', title);
        await page.$eval('#title', (field) => field.blur());
        // That autosave has made the draft and its permalink once the slug box shows it.
        await page.waitForSelector('#edit-slug-box #sample-permalink');
        await page.waitForSelector('#publish:not(.disabled)');
        await Promise.all([page.waitForURL(/post\.php\?post=\d+/, { waitUntil: 'commit' }), page.click('#publish')]);
        return Number(new URL(page.url()).searchParams.get('post'));
      } finally {
        await context.close();
      }
    }

    /** Whether the provider still has a session for `context` (prompt=none gives a code, or login_required). */
    async function providerSession(context) {
      const cookie = (await context.cookies(op.issuer)).map(({ name, value }) => `${name}=${value}`).join('; ');
      const auth = new URL(`${op.issuer}/auth`);
      const verifier = randomBytes(32).toString('base64url');
      for (const [name, value] of Object.entries({
        client_id: CLIENT_ID,
        redirect_uri: `${site.origin}/`,
        response_type: 'code',
        scope: 'openid',
        prompt: 'none',
        state: 'probe',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }))
        auth.searchParams.set(name, value);
      const response = await fetch(auth, { redirect: 'manual', headers: { cookie } });
      const back = new URL(response.headers.get('location'), auth);
      assert.equal(back.origin, site.origin, 'prompt=none answers at once');
      return back.searchParams.has('code');
    }

    /** Visitor `login`, signed in at the provider, opens `url` and clicks its button; returns what happened. */
    async function signOutFrom(url, login) {
      const context = await browser.newContext();
      context.setDefaultTimeout(120000);
      try {
        const { idToken, open } = await signVisitorIn(context, { issuer: op.issuer, origin: site.origin, login });
        const events = [];
        await context.exposeBinding('__record', (_source, entry) => void events.push(entry));
        await context.addInitScript(() => {
          for (const type of ['sign-out-complete', 'sign-out-error'])
            addEventListener(type, ({ detail }) =>
              window.__record({ type, providerSession: detail?.providerSession, code: detail?.error?.code }),
            );
        });
        const page = await context.newPage();
        const lines = [];
        page.on('console', (message) => lines.push(message.text()));
        const topLevel = [];
        page.on('framenavigated', (frame) => frame === page.mainFrame() && topLevel.push(frame.url()));
        await open(page, url);
        const button = page.locator('sign-out-button').first();
        await page.waitForFunction(() => customElements.get('sign-out-button'));
        const shown = await button.evaluate((element) => ({
          label: element.textContent.trim(),
          markup: element.innerHTML,
          height: element.getBoundingClientRect().height,
          attributes: Object.fromEntries([...element.attributes].map(({ name, value }) => [name, value])),
          script: [...document.querySelectorAll('script[src*="sign-out-button.js"]')].map((script) => ({
            type: script.type,
            integrity: script.integrity,
          })),
        }));
        assert.ok(await providerSession(context), 'signed in at the provider before the click');
        await button.click();
        await page.waitForURL((at) => at.href === goodbyeUrl, { timeout: 60000 });
        // This visitor's: other cases sign out at the same provider meanwhile.
        const endSession = op.requests
          .filter((request) => request.path === op.endSessionPath)
          .map((request) => Object.fromEntries(request.params))
          .filter((params) => params.id_token_hint === idToken);
        const stored = await page.evaluate(() => Object.keys(sessionStorage));
        const ended = !(await providerSession(context));
        assert.ok(!lines.some((line) => line.includes(idToken)), 'no token in the console');
        return { shown, events, topLevel, endSession, stored, ended, page };
      } finally {
        await context.close();
      }
    }

    const written = {};
    describe('each role in each editor: the published post signs the visitor out', { concurrency: 3 }, () => {
      for (const role of ROLES)
        for (const editor of EDITORS)
          counted(`${role}, ${editor}`, { timeout: 240_000 }, async () => {
            const id = await writePost(role, editor, `Sign out (${role}, ${editor})`);
            const stored = await site.php('post', id);
            assert.equal(stored.status, role === 'contributor' ? 'pending' : 'publish');
            assert.match(
              stored.content,
              /\[sign_out_button[^\]]*\][\s\S]*\[\/sign_out_button\]/,
              'the shortcode is stored',
            );
            // A Contributor's post goes live when an Editor publishes it, as it was written.
            const { url } = role === 'contributor' ? await site.php('publish', id) : stored;
            written[`${role}, ${editor}`] = url;
            const redirect = editor === 'Classic editor, Visual tab';
            // A visitor of their own: ID tokens issued in the same second to one person are the same.
            const result = await signOutFrom(url, `visitor-${role}-${EDITORS.indexOf(editor)}`);

            const { shown } = result;
            assert.equal(shown.label, redirect ? 'Log out' : 'Sign out');
            assert.doesNotMatch(shown.markup, /<br|<p/i, 'no wpautop markup in the label');
            assert.ok(shown.height < 60, `one line high (${shown.height} px)`);
            assert.equal(shown.attributes.authority, op.issuer);
            assert.equal(shown.attributes['client-id'], CLIENT_ID);
            assert.equal(shown.attributes['post-logout-redirect-uri'], returnUrl);
            assert.equal(shown.attributes.mode, redirect ? 'redirect' : 'iframe');
            assert.deepEqual(shown.script, [{ type: 'module', integrity: shown.script[0]?.integrity }]);
            assert.match(shown.script[0].integrity, /^sha384-/);

            assert.equal(
              result.endSession.length,
              1,
              `one end-session request: ${JSON.stringify({
                states: result.endSession.map(({ state }) => state),
                events: result.events,
                topLevel: result.topLevel,
              })}`,
            );
            const request = { params: result.endSession[0] };
            assert.equal(request.params.post_logout_redirect_uri, returnUrl);
            assert.equal(request.params.client_id, CLIENT_ID);
            assert.ok(request.params.id_token_hint, 'the ID token went as the hint');
            assert.ok(request.params.state, 'a state went along');
            assert.ok(result.ended, 'the provider session ended');
            assert.ok(!result.stored.some((key) => key.startsWith('oidc.user:')), 'the stored user is gone');
            if (redirect) {
              const returned = result.topLevel.find((at) => at.startsWith(`${returnUrl}&state=`));
              assert.ok(returned, `back through the return page: ${result.topLevel.join(' ')}`);
              assert.equal(new URL(returned).searchParams.get('state'), request.params.state);
            } else {
              assert.deepEqual(
                result.events.map(({ type, providerSession }) => [type, providerSession]),
                [['sign-out-complete', 'ended']],
              );
              assert.ok(
                !result.topLevel.some((at) => at.startsWith(op.issuer)),
                'the page never left for the provider',
              );
            }
            if (editor === 'Classic editor, Text tab') {
              // Any attribute, with underscores too, and a boolean as a bare word.
              assert.equal(shown.attributes['ui-locales'], 'auto');
              assert.equal(shown.attributes['no-broadcast'], '');
              assert.equal(shown.attributes.timeout, '30000');
              // The tag itself survives KSES for every role that may place the button.
              const raw = await rawTag(url);
              assert.deepEqual(raw, { mode: 'local', 'after-url': goodbyeUrl, id: 'raw-tag' });
            }
          });
    });

    /** The attributes of the `#raw-tag` element on `url`, or null. */
    async function rawTag(url) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(url);
        return await page.evaluate(() => {
          const element = document.getElementById('raw-tag');
          return element && Object.fromEntries([...element.attributes].map(({ name, value }) => [name, value]));
        });
      } finally {
        await context.close();
      }
    }

    counted('the return page with a state it never sent says so and goes nowhere', {}, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${returnUrl}&state=forged-state`);
        await page.waitForSelector('[data-sign-out-return][data-state="failed"]');
        assert.match(await page.textContent('[data-sign-out-return]'), /state-mismatch/);
        assert.equal(page.url(), `${returnUrl}&state=forged-state`);
      } finally {
        await context.close();
      }
    });

    counted('a role the settings leave out: its buttons render nothing and KSES strips its tag', {}, async () => {
      const page = admin.pages()[0];
      await page.goto(settingsUrl(site.origin));
      await page.uncheck('input[name="sign_out_button[roles][]"][value="contributor"]');
      await Promise.all([page.waitForURL(/settings-updated=true/), page.click('#submit')]);
      assert.equal(await page.isChecked('input[name="sign_out_button[roles][]"][value="contributor"]'), false);
      assert.equal(await page.isChecked('input[name="sign_out_button[roles][]"][value="author"]'), true);
      // The Contributor's earlier posts show no button now; the Author's still do.
      const check = async (url) => {
        const context = await browser.newContext();
        try {
          const visitor = await context.newPage();
          await visitor.goto(url);
          return await visitor.locator('sign-out-button').count();
        } finally {
          await context.close();
        }
      };
      const contributorUrl = written['contributor, block editor'];
      const authorUrl = written['author, block editor'];
      assert.ok(contributorUrl && authorUrl, 'the role cases ran first');
      assert.equal(await check(contributorUrl), 0);
      assert.equal(await check(authorUrl), 1);
      const id = await writePost('contributor', 'Classic editor, Text tab', 'No button for contributors');
      const stored = await site.php('post', id);
      assert.doesNotMatch(stored.content, /<sign-out-button/, 'KSES removed the tag');
    });
  });
}
