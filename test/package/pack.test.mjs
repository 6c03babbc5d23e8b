// `npm pack` as a maintainer runs it on a fresh checkout: `prepack` builds dist/, and the tarball
// holds every file package.json's `exports` points at. The checkout is a copy of the files git
// tracks (and the new ones it does not ignore), with this repository's node_modules linked in, so
// that nothing reads or writes this repository's own dist/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Every file an `exports` target names (with `*` patterns taken as folders that must hold files). */
function exportTargets() {
  return Object.values(pkg.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
}

describe('npm pack on a fresh checkout', { timeout: 300000 }, () => {
  let checkout;
  let files;
  before(() => {
    checkout = mkdtempSync(join(tmpdir(), 'sign-out-button-checkout-'));
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const file of tracked) {
      mkdirSync(dirname(join(checkout, file)), { recursive: true });
      try {
        cpSync(join(ROOT, file), join(checkout, file));
      } catch (error) {
        // A file deleted in the working tree but still tracked is not part of the checkout.
        if (error.code !== 'ENOENT') throw error;
      }
    }
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    const output = execFileSync('npm', ['pack', '--json', '--pack-destination', checkout], {
      cwd: checkout,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240000,
    });
    // npm prints prepack's own output before the JSON.
    const [packed] = JSON.parse(output.slice(output.indexOf('[')));
    files = packed.files.map((file) => file.path);
  });
  after(() => {
    if (checkout) rmSync(checkout, { recursive: true, force: true });
  });

  it('builds dist/ (prepack) and packs every exports target', () => {
    const targets = exportTargets();
    assert.ok(targets.length > 10);
    for (const target of targets) {
      const path = target.replace(/^\.\//, '');
      if (path.includes('*')) {
        const folder = path.slice(0, path.indexOf('*'));
        assert.ok(
          files.some((file) => file.startsWith(folder)),
          `${target}: no file under ${folder}`,
        );
      } else {
        assert.ok(files.includes(path), `${target} is not in the tarball`);
      }
    }
  });

  it('packs the drop-in files, their chunks and their integrity values, and the manifest', () => {
    for (const file of [
      'dist/cdn/sign-out-button.js',
      'dist/cdn/sign-out-button.iife.js',
      'dist/cdn/integrity.json',
      'dist/custom-elements.json',
    ]) {
      assert.ok(files.includes(file), file);
    }
    assert.ok(
      files.some((file) => /^dist\/cdn\/oidc-client-ts-[\w-]+\.js$/.test(file)),
      'the oidc-client-ts chunk',
    );
    assert.ok(
      files.some((file) => /^dist\/cdn\/sign-out-(?!button|shared)[\w-]+\.js$/.test(file)),
      'the sign-out chunk',
    );
  });
});
