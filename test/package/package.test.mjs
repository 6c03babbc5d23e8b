// The package as a user installs it, and the README and docs/ as a user reads them: all must
// match the code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { optionTablePlugin, readOptionTable } from '../../custom-elements-manifest.config.mjs';
import { CDN_URL, snippetFiles } from '../../scripts/sri.mjs';

const readme = readFileSync('README.md', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** The pages users read: the README, the reference in docs/, and CONTRIBUTING.md. */
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync('docs')
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

/** The lines of a Markdown file, each with whether it sits in a fenced code block. */
function markdownLines(text) {
  let fence = null;
  return text.split('\n').map((line, index) => {
    const marker = line.match(/^\s*(```+|~~~+)/)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      return { line, number: index + 1, code: true, fence: true };
    }
    return { line, number: index + 1, code: fence !== null, fence: false };
  });
}

/** The headings of a Markdown file (outside code blocks): `{ level, text, number }`. */
function headings(text) {
  return markdownLines(text)
    .filter(({ code, line }) => !code && /^#{1,6} /.test(line))
    .map(({ line, number }) => ({ level: line.match(/^#+/)[0].length, text: line.replace(/^#+ /, '').trim(), number }));
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchors(text) {
  const seen = new Map();
  return new Set(
    headings(text).map(({ text: heading }) => {
      const slug = heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      return count ? `${slug}-${count}` : slug;
    }),
  );
}

/** The rows (arrays of cells) of the first table under the heading `heading` of `file`. */
function tableOf(file, heading) {
  const text = readFileSync(file, 'utf8');
  const all = headings(text);
  const at = all.findIndex((candidate) => candidate.text === heading);
  assert.ok(at >= 0, `${file} has a heading "${heading}"`);
  const next = all.slice(at + 1).find((candidate) => candidate.level <= all[at].level);
  const lines = markdownLines(text).filter(
    ({ number, code }) => !code && number > all[at].number && (!next || number < next.number),
  );
  const table = [];
  for (const { line } of lines.slice(lines.findIndex(({ line }) => line.startsWith('|')))) {
    if (!line.startsWith('|')) break;
    table.push(
      line
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  assert.ok(table.length > 2, `${file} has a table under "${heading}"`);
  // Row 0 is the header, row 1 the delimiter.
  return table.slice(2);
}

/** The first-column names of a table, each of which must be one code span. */
function namesOf(file, heading) {
  return tableOf(file, heading).map(([first]) => {
    const name = first.match(/^`([^`]+)`$/)?.[1];
    assert.ok(name, `${file}, "${heading}": the first cell "${first}" is one name in backticks`);
    return name;
  });
}

function elementDeclaration() {
  const path = 'src/shell/sign-out-button.ts';
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const manifest = create({ modules: [source], plugins: [...litPlugin(), optionTablePlugin()] });
  return manifest.modules[0].declarations.find((declaration) => declaration.customElement);
}

/** `clientId` → `client-id`, as the element names its attributes. */
const attributeOf = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** How the attribute table writes an option table default (source text): `'session'` → `session`, `false` → off. */
function documentedDefault(source) {
  if (source === 'false') return { words: 'off' };
  if (source === 'true') return { words: 'on' };
  if (/^[\d_.]+$/.test(source)) return { code: String(Number(source.replaceAll('_', ''))) };
  const text = source.match(/^(['"`])(.*)\1$/)?.[2];
  assert.ok(text !== undefined, `the option table default ${source} is a string, a number or a boolean`);
  return { code: text };
}

describe('the documentation agrees with the code', () => {
  const element = elementDeclaration();

  it('README.md shows the two set-up commands', () => {
    const code = markdownLines(readme)
      .filter((line) => line.code)
      .map(({ line }) => line)
      .join('\n');
    assert.match(code, /^npm ci && npm start\b/m);
    assert.match(code, /^npm ci && npm test\b/m);
  });

  it('README.md is a page: at most 250 lines', () => {
    const lines = readme.replace(/\n$/, '').split('\n').length;
    assert.ok(lines <= 250, `README.md has ${lines} lines; the reference belongs in docs/`);
  });

  it('docs/attributes.md lists exactly the attributes of the element', () => {
    assert.deepEqual(
      namesOf('docs/attributes.md', 'Attributes').sort(),
      element.attributes.map((attribute) => attribute.name).sort(),
    );
  });

  it("docs/attributes.md gives each attribute the option table's default", () => {
    const options = new Map(readOptionTable().map((entry) => [attributeOf(entry.name), entry]));
    const wrong = [];
    for (const [first, , cell = ''] of tableOf('docs/attributes.md', 'Attributes')) {
      const name = first.replaceAll('`', '');
      const entry = options.get(name);
      if (!entry) {
        wrong.push(`${name}: not in the option table`);
      } else if (entry.default === undefined) {
        // No default: the cell says so in words ("none", "from discovery"), not as a value.
        if (/`|^(on|off)\b/.test(cell)) wrong.push(`${name}: has no default, but the table says "${cell}"`);
      } else {
        const expected = documentedDefault(entry.default);
        const shown = expected.words ? cell.match(/^(on|off)\b/)?.[1] : cell.match(/`([^`]*)`/)?.[1];
        if (shown !== (expected.words ?? expected.code)) {
          const want = expected.words ?? `\`${expected.code}\``;
          wrong.push(`${name}: the default is ${entry.default}, to be written ${want}; the table says "${cell}"`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('docs/events.md lists exactly the events the element documents', () => {
    assert.deepEqual(namesOf('docs/events.md', 'Events').sort(), element.events.map((event) => event.name).sort());
  });

  it('docs/errors.md lists exactly the error codes of SignOutError', () => {
    const union = readFileSync('src/core/errors.ts', 'utf8').match(/type SignOutErrorCode =([^;]+);/)[1];
    const codes = [...union.matchAll(/'([a-z-]+)'/g)].map((match) => match[1]);
    assert.deepEqual(namesOf('docs/errors.md', 'Errors').sort(), codes.sort());
  });

  it('docs/styling.md lists exactly the custom properties and parts the element documents', () => {
    assert.deepEqual(
      namesOf('docs/styling.md', 'Custom properties').sort(),
      element.cssProperties.map(({ name }) => name).sort(),
    );
    assert.deepEqual(namesOf('docs/styling.md', 'Parts').sort(), element.cssParts.map(({ name }) => name).sort());
  });

  it('every relative link in README.md, CONTRIBUTING.md and docs/ leads to a file and heading that exist', () => {
    const broken = [];
    for (const page of PAGES) {
      const text = readFileSync(page, 'utf8');
      const prose = markdownLines(text)
        .map(({ line, code }) => (code ? '' : line.replace(/`[^`]*`/g, '')))
        .join('\n');
      for (const [link, target] of prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
        const [path, anchor] = target.split('#');
        const file = path ? posix.join(posix.dirname(page), decodeURI(path)) : page;
        const where = `${page}: ${link.replace(/\s+/g, ' ')}`;
        if (!existsSync(file)) broken.push(`${where}: no file ${file}`);
        else if (anchor !== undefined) {
          if (!file.endsWith('.md')) broken.push(`${where}: ${file} has no headings`);
          else if (!anchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${where}: no heading #${anchor}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it('docs/README.md lists every page of docs/', () => {
    const index = readFileSync('docs/README.md', 'utf8');
    for (const page of PAGES.filter((file) => file.startsWith('docs/') && file !== 'docs/README.md')) {
      assert.ok(index.includes(`](${page.slice('docs/'.length)})`), `docs/README.md links ${page}`);
    }
  });

  it('no line of a snippet starts with ">", which some Markdown renderers take for a quote', () => {
    const quoted = PAGES.flatMap((page) =>
      markdownLines(readFileSync(page, 'utf8'))
        .filter(({ line, code, fence }) => code && !fence && /^\s*>/.test(line))
        .map(({ number, line }) => `${page}:${number}: ${line.trim()}`),
    );
    assert.deepEqual(quoted, []);
  });
});

describe('the CDN snippets pin the current build', () => {
  before(() => {
    assert.ok(existsSync('dist/cdn/integrity.json'), 'dist/ is built (npm test builds it first)');
  });

  it('name the package version, and each script carries the integrity the build gives it (npm run sri)', () => {
    const integrity = JSON.parse(readFileSync('dist/cdn/integrity.json', 'utf8'));
    const problems = [];
    for (const file of snippetFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const { 0: url, 1: version, 2: name, index } of text.matchAll(CDN_URL)) {
        const where = `${file}:${text.slice(0, index).split('\n').length}`;
        if (version !== pkg.version) {
          problems.push(`${where}: ${url} names ${version ? `version ${version}` : 'no version'}, not ${pkg.version}`);
        }
        if (!name.endsWith('.js')) continue;
        const expected = integrity[name];
        if (!expected) {
          problems.push(`${where}: ${name} is no file of this build (${Object.keys(integrity).join(', ')})`);
          continue;
        }
        // The open tag around the URL, if it sits in one: <script src> or <link href>.
        const start = text.lastIndexOf('<', index);
        const tag = text.slice(start).match(/^<(script|link)\b[^>]*>/)?.[0];
        if (tag && start + tag.length > index) {
          const value = tag.match(/\sintegrity="([^"]*)"/)?.[1];
          if (value !== expected)
            problems.push(`${where}: ${name} has integrity ${value ?? '(none)'}, not ${expected}`);
          if (!/\scrossorigin="anonymous"/.test(tag)) problems.push(`${where}: ${name} has no crossorigin="anonymous"`);
        } else if (!text.includes(`"${url}": "${expected}"`)) {
          // Outside a tag, only an import map's integrity entry for the URL pins it.
          problems.push(`${where}: ${url} is loaded without the integrity ${expected} (no tag or import map gives it)`);
        }
      }
    }
    assert.deepEqual(problems, [], 'run npm run build && npm run sri');
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
      'dist/sign-out/local-sign-out.js',
      'dist/storage/stored-tokens.js',
      'dist/tabs/remote-sign-out.js',
    ]) {
      assert.ok(!graph.includes(lazy), `${lazy} is not loaded by define: ${graph.join(', ')}`);
    }
    // Of the sign-out code, only what a local sign-out needs when no other code can be loaded.
    assert.deepEqual(
      graph.filter((file) => file.startsWith('dist/sign-out/')),
      ['dist/sign-out/local-traces.js'],
    );
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
