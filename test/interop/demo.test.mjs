// `npm start -- --provider glewlwyd` (and `lemonldap`): the demo page against a real provider from
// Debian, as a visitor uses it. Each provider's npm start runs once, on free ports: the banner
// names the provider and its test user, the page says which provider it runs against and that the
// live status is not available, a sign-in goes through the provider's real login form, a redirect
// sign-out through its real prompt, and a new sign-in shows the login form again (the provider
// session ended). Then Ctrl+C (SIGINT; SIGTERM for the other) must end the provider's process
// group. A provider whose program is missing gets a message with the exact install command.
// `npm test` runs this file from interop.test.mjs; `node --test test/interop/demo.test.mjs` alone.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { CHROMIUM_ARGS, freePort } from '../../scripts/browsers.mjs';
import { PROVIDER_NAMES, ensureInstalled, installCommand, providers } from '../../demo/real-providers/providers.mjs';
import { after, before, describe, it } from '../e2e/support/node-test.mjs';
import { spawnDetached, stopGroup } from '../e2e/support/processes.mjs';
import { launchChromium } from '../e2e/support/stack.mjs';

const NAMES = { glewlwyd: 'Glewlwyd 2.7.5', lemonldap: 'LemonLDAP::NG 2.16.1' };
/** How the other program is named for each provider's check (demo/real-providers/shared.mjs). */
const BINARY_ENV = { glewlwyd: 'GLEWLWYD_BIN', lemonldap: 'PLACKUP_BIN' };
/** Ctrl+C in a terminal is SIGINT to its process group; a service manager sends SIGTERM. */
const STOP_SIGNAL = { glewlwyd: 'SIGINT', lemonldap: 'SIGTERM' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** `value` after `ms`, for a race: its timer does not keep the file running once the race is won. */
const timeUp = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());

/**
 * Runs `npm start -- ARGS` in its own process group (noted for `npm test`), its output kept.
 * `ready` resolves once the banner is printed in full; `exited` with the exit code.
 */
function npmStart(args, env = {}) {
  const { child, stop } = spawnDetached('npm', ['start', '--', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ctrl+C stops both.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  ready.catch(() => undefined);
  return { pid: child.pid, stop, ready, exited, output: () => output };
}

/** The pid listening on `port` of 127.0.0.1 (from /proc/net/tcp and each process's sockets), or null. */
function listenerOf(port) {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local address, state 0A (LISTEN), inode
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map((fields) => fields[9]),
  );
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (inodes.has(link.match(/^socket:\[(\d+)\]$/)?.[1])) return Number(pid);
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return null;
}

/** The process group of `pid`. */
const groupOf = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
};

/** Whether process group `pgid` has a member that is not a zombie. */
function groupAlive(pgid) {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .some((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(pgrp) === pgid && state !== 'Z';
      } catch {
        return false;
      }
    });
}

/** Whether something accepts connections on `port` of 127.0.0.1. */
const listening = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Presses the demo's Sign in; resolves with what the provider shows: its login form, Glewlwyd's
 * "Continue" of a person still signed in there, or the demo again (signed in without a form).
 */
async function pressSignIn(page, name, demo) {
  await page.goto(`${demo}?app=spa`);
  await page.click('#sign-in');
  const password = name === 'glewlwyd' ? page.getByLabel('Password') : page.locator('#lform [name=password]');
  const back = page.waitForURL((url) => url.href.startsWith(demo) && !url.pathname.endsWith('/sign-in.html'));
  back.catch(() => undefined);
  return Promise.race([
    password.waitFor().then(() => 'login form'),
    ...(name === 'glewlwyd'
      ? [
          page
            .getByRole('button', { name: 'Continue' })
            .waitFor()
            .then(() => 'continue'),
        ]
      : []),
    back.then(() => 'signed in'),
    timeUp(20_000, 'nothing'),
  ]);
}

/** The demo's timeline, step by step. */
const timeline = (page) =>
  page.$$eval('#timeline > li', (items) =>
    Object.fromEntries(items.map((item) => [item.dataset.step, item.innerText.replace(/\s+/g, ' ')])),
  );

describe('npm start -- --provider: the demo against real providers', { concurrency: PROVIDER_NAMES.length }, () => {
  let browser;
  before(async () => {
    browser = await launchChromium({ args: CHROMIUM_ARGS });
  });
  after(async () => {
    await Promise.race([browser?.close(), timeUp(15_000)]);
  });

  for (const name of PROVIDER_NAMES) {
    describe(name, { concurrency: 1 }, () => {
      it(`a missing ${name} is named, with the exact install command, and npm start exits non-zero`, async () => {
        const [port, providerPort] = [await freePort(), await freePort()];
        const missing = `/nonexistent/${name}-program`;
        const demo = npmStart(['--provider', name, '--port', String(port), '--provider-port', String(providerPort)], {
          [BINARY_ENV[name]]: missing,
        });
        let code;
        try {
          code = await Promise.race([demo.exited, timeUp(30_000, 'still running after 30 s')]);
        } finally {
          await demo.stop();
        }
        const output = demo.output();
        assert.notEqual(code, 0, output);
        assert.equal(typeof code, 'number', output);
        assert.match(
          output,
          new RegExp(
            `--provider ${name}: ${NAMES[name].replace(/[.:]/g, '\\$&')} is not installed \\(missing ${missing}`,
          ),
        );
        const lines = output.split('\n').map((line) => line.trim());
        assert.ok(lines.includes(installCommand(name)), `the exact command on a line of its own:\n${output}`);
        assert.doesNotMatch(output, /Building|Ctrl\+C/);
        assert.equal(await listening(providerPort), false);
        assert.equal(await listening(port), false);
      });

      const installed = ensureInstalled(name);
      if (!installed.ok) {
        it(`the demo against ${name}`, { skip: `${name} not installed: ${installed.reason}` }, () => {});
        return;
      }

      let demo;
      let origin;
      let providerPort;
      let user;
      let providerGroup = null;
      before(async () => {
        const port = await freePort();
        providerPort = await freePort();
        origin = `http://127.0.0.1:${port}`;
        demo = npmStart(['--provider', name, '--port', String(port), '--provider-port', String(providerPort)]);
        await demo.ready;
        const pid = listenerOf(providerPort);
        if (pid) providerGroup = groupOf(pid);
      });
      after(async () => {
        await demo?.stop();
        // Had npm start not ended it, the provider goes now (its group, by the pid found at start).
        if (providerGroup) await stopGroup(providerGroup, 2000);
      });

      it('the banner names the provider, its issuer on the chosen port, the test user, and no live status', () => {
        const output = demo.output();
        assert.match(output, new RegExp(`demo, against ${NAMES[name].replace(/[.:]/g, '\\$&')}`));
        assert.match(output, new RegExp(`Provider: +http://127\\.0\\.0\\.1:${providerPort}\\b`));
        assert.match(output, new RegExp(`SPA page: +${origin}/demo/`));
        assert.match(output, /Live status: +not available/);
        const login = output.match(/login (\S+), password (\S+) \(([^)]+)\)/);
        assert.ok(login, `the test user's login and password:\n${output}`);
        user = { login: login[1], password: login[2], name: login[3] };
        assert.ok(providerGroup, `${name} listens on --provider-port ${providerPort}`);
      });

      it('the page says which provider it runs against, and that the live status is not available', async () => {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${origin}/demo/`);
          await page.waitForSelector('#real-provider:visible');
          assert.match(await page.textContent('#real-provider'), new RegExp(`runs against ${NAMES[name]}`));
          assert.match(await page.textContent('#provider-status'), /Live session status is not available/);
          assert.equal(await page.locator('#live-badge').isVisible(), false);
          assert.equal(await page.locator('#profile-control').isVisible(), false);
          // A mode that works there: the hidden iframe cannot be confirmed at either provider.
          assert.ok(await page.locator('input[name=mode][value=redirect]').isChecked());
          await page.check('input[name=mode][value=iframe]');
          assert.match(await page.textContent('#control-notes'), /the hidden frame cannot be confirmed/);
        } finally {
          await context.close();
        }
      });

      it(`signs in at ${name}'s login form, signs out with a redirect, and the provider session ends`, async () => {
        assert.ok(user, 'the banner gave the test user');
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          const demoUrl = `${origin}/demo/`;
          assert.equal(await pressSignIn(page, name, demoUrl), 'login form');
          await providers[name].signInForm(page, user);
          await page.waitForURL((url) => url.href.startsWith(`${demoUrl}?app=spa`));
          await page.waitForSelector(`#site-status b:text("${user.name}")`);
          // The default mode, redirect, as a visitor would leave it.
          await page.click('sign-out-button');
          await page.waitForURL((url) => url.port === String(providerPort));
          const { prompt } = await providers[name].confirmLogout(page);
          assert.ok(prompt, `${name} asked to confirm`);
          await page.waitForURL(/\/demo\/\?app=spa&signed-out/, { timeout: 45_000 });
          await page.waitForSelector('#timeline > li[data-step=complete]', { timeout: 20_000 });
          const steps = await timeline(page);
          assert.match(steps.start, /mode redirect/);
          assert.match(steps.state, /returned state was verified/);
          assert.match(steps.request, /end-session request went to/);
          assert.match(steps['provider-session'], /not visible from here/);
          assert.match(steps.complete, /providerSession "redirecting"/);
          await page.waitForSelector('#site-status:has-text("Nobody")');
          // The provider's own word: a new sign-in shows its login form again.
          assert.equal(await pressSignIn(page, name, demoUrl), 'login form', `${name}'s session ended`);
        } finally {
          await Promise.race([context.close(), timeUp(10_000)]);
        }
      });

      it(`${STOP_SIGNAL[name]} (Ctrl+C) stops the page server and ${name}'s process group`, async () => {
        assert.ok(providerGroup, `${name} was found listening`);
        const dir = demo.output().match(/a fresh configuration in (\S+?)\)/)?.[1];
        assert.ok(dir && existsSync(dir), `its temp directory (${dir}) is there while it runs`);
        process.kill(-demo.pid, STOP_SIGNAL[name]);
        const code = await Promise.race([demo.exited, timeUp(15_000, 'still running after 15 s')]);
        // npm gets the signal too, as in a terminal, and may end by it: start.mjs ends cleanly.
        assert.ok(code === 0 || code === STOP_SIGNAL[name], `npm start ended with ${code}:\n${demo.output()}`);
        const deadline = Date.now() + 5000;
        while ((groupAlive(providerGroup) || groupAlive(demo.pid)) && Date.now() < deadline) await sleep(50);
        assert.equal(groupAlive(demo.pid), false, "npm start's own process group ended (Vite with it)");
        assert.equal(groupAlive(providerGroup), false, `${name}'s process group ${providerGroup} ended`);
        assert.equal(await listening(providerPort), false, 'nothing on the provider port');
        assert.equal(await listening(Number(new URL(origin).port)), false, 'nothing on the pages port');
        assert.equal(existsSync(dir), false, 'its temp directory is removed');
      });
    });
  }
});
