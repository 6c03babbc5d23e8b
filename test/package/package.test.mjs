// The package as a user installs it, and the README as a user reads it: both must match the code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { optionTablePlugin } from '../../custom-elements-manifest.config.mjs';

const readme = readFileSync('README.md', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** The first-column names (in backticks) of the table under a `## heading` of the README. */
function readmeTable(heading) {
  const section = readme.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  assert.ok(section, `README has a "## ${heading}" section`);
  return section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => line.match(/^\| `([^`]+)`/)[1]);
}

function elementDeclaration() {
  const path = 'src/shell/sign-out-button.ts';
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const manifest = create({ modules: [source], plugins: [...litPlugin(), optionTablePlugin()] });
  return manifest.modules[0].declarations.find((declaration) => declaration.customElement);
}

describe('the README agrees with the code', () => {
  const element = elementDeclaration();

  it('opens with the two set-up commands', () => {
    const start = readme.slice(0, 1200);
    assert.match(start, /npm ci && npm start/);
    assert.match(start, /npm ci && npm test/);
  });

  it('lists exactly the attributes of the element', () => {
    assert.deepEqual(readmeTable('Attributes').sort(), element.attributes.map((attribute) => attribute.name).sort());
  });

  it('lists exactly the events the element documents', () => {
    assert.deepEqual(readmeTable('Events').sort(), element.events.map((event) => event.name).sort());
  });

  it('lists exactly the error codes of SignOutError', () => {
    const union = readFileSync('src/core/errors.ts', 'utf8').match(/type SignOutErrorCode =([^;]+);/)[1];
    const codes = [...union.matchAll(/'([a-z-]+)'/g)].map((match) => match[1]);
    assert.deepEqual(readmeTable('Errors').sort(), codes.sort());
  });

  it('names every documented custom property', () => {
    for (const { name } of element.cssProperties)
      assert.ok(readme.includes(name.replace('--sign-out-button', '')), name);
  });
});

describe('the npm package', () => {
  before(() => {
    assert.ok(existsSync('dist/cdn/sign-out-button.js'), 'dist/ is built (npm test builds it first)');
  });

  it('points every export at a built file', () => {
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const files = typeof target === 'string' ? [target] : Object.values(target);
      for (const file of files.filter((name) => !name.includes('*'))) assert.ok(existsSync(file), `${entry} → ${file}`);
    }
    assert.equal(pkg.type, 'module');
  });

  it('resolves the drop-in files as sign-out-button/cdn/*, for bundlers and import maps', () => {
    for (const file of ['sign-out-button.js', 'sign-out-button.iife.js', 'integrity.json']) {
      const resolved = fileURLToPath(import.meta.resolve(`sign-out-button/cdn/${file}`));
      assert.ok(resolved.endsWith(`/dist/cdn/${file}`) && existsSync(resolved), file);
    }
  });

  it('writes the Subresource Integrity value of each drop-in file, as a browser computes it', () => {
    const integrity = JSON.parse(readFileSync('dist/cdn/integrity.json', 'utf8'));
    const files = readdirSync('dist/cdn').filter((file) => file.endsWith('.js'));
    assert.deepEqual(Object.keys(integrity).sort(), files.sort());
    for (const file of files) {
      const digest = createHash('sha384')
        .update(readFileSync(`dist/cdn/${file}`))
        .digest('base64');
      assert.equal(integrity[file], `sha384-${digest}`, file);
    }
  });

  it('packs lean: the licence, no drop-in source maps', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--silent', '--ignore-scripts'], { encoding: 'utf8' }),
    );
    const files = packed.files.map((file) => file.path);
    assert.ok(files.includes('LICENSE'));
    assert.deepEqual(
      files.filter((file) => file.startsWith('dist/cdn/') && file.endsWith('.map')),
      [],
    );
  });

  it('ships dist/ with types and the custom-elements manifest', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--silent', '--ignore-scripts'], { encoding: 'utf8' }),
    );
    const files = packed.files.map((file) => file.path);
    for (const file of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/define.js',
      'dist/define.d.ts',
      'dist/custom-elements.json',
    ]) {
      assert.ok(files.includes(file), file);
    }
    assert.ok(!files.some((file) => file.startsWith('test/') || file.startsWith('demo/')), 'no tests or demo');
  });

  it("keeps Lit's ReactiveElement and oidc-client-ts as dependencies, not bundled", () => {
    assert.ok(pkg.dependencies['@lit/reactive-element'] && pkg.dependencies['oidc-client-ts']);
    assert.match(readFileSync('dist/shell/sign-out-button.js', 'utf8'), /from '@lit\/reactive-element'/);
    assert.match(readFileSync('dist/provider/oidc-client-ts.js', 'utf8'), /import\('oidc-client-ts'\)/);
  });

  it("`define` loads the element's shell only: the sign-out code is imported with import(), on first use", () => {
    /** `file` and what it imports statically, transitively (relative imports of dist/). */
    const staticGraph = (file, seen = new Set()) => {
      if (seen.has(file)) return seen;
      seen.add(file);
      const code = readFileSync(file, 'utf8').replace(/import\([^)]*\)/g, '');
      for (const [, path] of code.matchAll(/(?:\bfrom|\bimport)\s*['"](\.{1,2}\/[\w./-]+\.js)['"]/g)) {
        staticGraph(posix.join(posix.dirname(file), path), seen);
      }
      return seen;
    };
    const graph = [...staticGraph('dist/define.js')].sort();
    for (const lazy of [
      'dist/sign-out/sign-out.js',
      'dist/options/resolve-options.js',
      'dist/provider/end-session-request.js',
      'dist/storage/clear-storage.js',
      'dist/tabs/remote-sign-out.js',
    ]) {
      assert.ok(!graph.includes(lazy), `${lazy} is not loaded by define: ${graph.join(', ')}`);
    }
    assert.ok(!graph.some((file) => file.startsWith('dist/sign-out/')), 'no sign-out code is loaded by define');
    assert.ok(graph.includes('dist/shell/sign-out-button.js') && graph.includes('dist/shell/tab-listener.js'));
    assert.match(readFileSync('dist/shell/chunks.js', 'utf8'), /import\('\.\.\/sign-out\/sign-out-chunk\.js'\)/);
  });

  it('exports the public names from the entry, with no side effects', async () => {
    const api = await import(new URL('../../dist/index.js', import.meta.url));
    assert.deepEqual(Object.keys(api).sort(), [
      'SignOutButton',
      'SignOutError',
      'completeSignOut',
      'handleFrontChannelLogout',
      'onRemoteSignOut',
      'prepareSignOut',
      'signOut',
    ]);
    assert.equal(globalThis.customElements?.get('sign-out-button'), undefined, 'the tag was not registered');
  });
});
