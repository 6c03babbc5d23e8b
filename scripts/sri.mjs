// `npm run sri`: every snippet that loads the drop-in files from a public npm CDN (README.md,
// docs/*.md, demo/) gets the version of package.json and the Subresource Integrity values the
// build wrote to dist/cdn/integrity.json, as Bootstrap keeps its docs' SRI values. Both change with
// src/ and with each release; test/package/package.test.mjs fails while a snippet is behind.
// Run it after `npm run build`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A drop-in file of the package on a public npm CDN: `[url, version or undefined, file name]`. */
export const CDN_URL =
  /https:\/\/(?:cdn\.jsdelivr\.net\/npm|unpkg\.com)\/sign-out-button(?:@([^/\s"'`]*))?\/dist\/cdn\/([\w.-]+)/g;

/** The files whose snippets may load the drop-in files from a CDN, relative to `root`. */
export function snippetFiles(root = '.') {
  const under = (dir, pattern) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { recursive: true })
          .filter((file) => pattern.test(file))
          .map((file) => join(dir, file))
      : [];
  return ['README.md', 'CONTRIBUTING.md', ...under('docs', /\.md$/), ...under('demo', /\.(ts|html|mjs)$/)]
    .filter((file) => existsSync(join(root, file)))
    .sort();
}

/** `name`, or the file of the current build that differs from it only by the content hash of a chunk. */
function currentName(name, integrity) {
  if (integrity[name]) return name;
  const unhashed = (file) => file.replace(/-[\w-]{8}\.js$/, '.js');
  const matches = Object.keys(integrity).filter((file) => file !== unhashed(file) && unhashed(file) === unhashed(name));
  return matches.length === 1 ? matches[0] : name;
}

/** Sets `name="value"` in an open tag, after the attribute `after` when it is new. */
function setAttribute(tag, name, value, after) {
  const existing = new RegExp(`(\\s${name})(?:=(?:"[^"]*"|'[^']*'|[^\\s>]*))?`);
  if (existing.test(tag)) return tag.replace(existing, `$1="${value}"`);
  // A new attribute goes on its own line when the tag has one attribute per line, else beside.
  const anchor = new RegExp(`((?:\\s|\\\\n)+)(${after}=(?:"[^"]*"|'[^']*'))`);
  return tag.replace(anchor, (_, space, attribute) => `${space}${attribute}${space}${name}="${value}"`);
}

/** `text` with every CDN snippet pinned to `version` and the build's `integrity` values. */
export function pinSnippets(text, version, integrity) {
  const oneUrl = new RegExp(`^${CDN_URL.source}$`);
  const valueOf = (url) => integrity[url.match(oneUrl)?.[2]];
  return (
    text
      .replace(CDN_URL, (url, _version, name) => {
        const cdn = url.slice(0, url.indexOf('/sign-out-button'));
        return `${cdn}/sign-out-button@${version}/dist/cdn/${currentName(name, integrity)}`;
      })
      // <script src> and <link href>: the integrity of the file, fetched in CORS mode.
      .replace(/<(script|link)\b[^>]*>/g, (tag, element) => {
        const attribute = element === 'script' ? 'src' : 'href';
        const value = valueOf(tag.match(new RegExp(`\\s${attribute}=["']([^"']+)["']`))?.[1] ?? '');
        if (!value) return tag;
        return setAttribute(setAttribute(tag, 'integrity', value, attribute), 'crossorigin', 'anonymous', 'integrity');
      })
      // An import map's integrity entries: "url": "sha384-…".
      .replace(/("(https:[^"]+)"\s*:\s*")sha\d{3}-[^"]*"/g, (entry, start, url) => {
        const value = valueOf(url);
        return value ? `${start}${value}"` : entry;
      })
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const integrityFile = join(root, 'dist/cdn/integrity.json');
  if (!existsSync(integrityFile)) {
    console.error('npm run sri: dist/cdn/integrity.json is missing; run npm run build first.');
    process.exit(1);
  }
  const integrity = JSON.parse(readFileSync(integrityFile, 'utf8'));
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const changed = [];
  for (const file of snippetFiles(root)) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    const pinned = pinSnippets(text, version, integrity);
    if (pinned !== text) {
      writeFileSync(path, pinned);
      changed.push(relative(root, path));
    }
  }
  console.log(
    changed.length
      ? `Pinned the CDN snippets to sign-out-button@${version} and this build's integrity values in ${changed.join(', ')}.`
      : `Every CDN snippet already names sign-out-button@${version} and this build's integrity values.`,
  );
}
