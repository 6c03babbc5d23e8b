// `npm run size`: the built files' sizes against their budgets (gzip, what a browser downloads).
// Exits non-zero when a file is over budget.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const KiB = 1024;
// The drop-in module's first load (the element's shell on Lit's ReactiveElement, what a local
// sign-out needs when no other code can be loaded, and the chunks it imports statically: none) has
// 8.25 KiB (8 until issue 19: the label that ignores a CMS's whitespace and <br> took 0.15 KiB);
// the lazily loaded chunk (the sign-out, the return and front-channel pages, what a tab does
// for a sign-out made elsewhere) 12 KiB; oidc-client-ts is its own chunk. The classic script cannot
// split (a classic script cannot share one copy of the shell with ES chunks): it is the whole
// package in one file, 35 KiB since issue 19's console warnings (34 after the hardening against
// other pages' messages and records). The npm entry's own code: 17 KiB, for the same reason.
const budgets = [
  {
    label: 'drop-in first load: sign-out-button.js and what it imports statically',
    match: /^dist\/cdn\/sign-out-button\.js$/,
    withStaticImports: true,
    gzip: 8.25 * KiB,
  },
  {
    label:
      'drop-in, loaded when used: every other chunk but oidc-client-ts (the sign-out, the return and front-channel pages)',
    match: /^dist\/cdn\/(?!oidc-client-ts-)(?!sign-out-button)[\w-]+\.js$/,
    gzip: 12 * KiB,
  },
  {
    label: 'drop-in, loaded on intent: oidc-client-ts',
    match: /^dist\/cdn\/oidc-client-ts-[\w-]+\.js$/,
    gzip: 19 * KiB,
  },
  {
    label: 'drop-in classic script (sign-out-button.iife.js)',
    match: /^dist\/cdn\/sign-out-button\.iife\.js$/,
    gzip: 35 * KiB,
  },
];

/** `file` and the files it imports statically, transitively (`import … from "./x.js"`, not `import()`). */
function withStaticImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, path] of code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.\/[\w.-]+\.js)["'`]/g)) {
    withStaticImports(`dist/cdn/${path.slice(2)}`, seen);
  }
  return seen;
}

// What an app's bundler adds for `import 'sign-out-button'` + the element, minified, with its
// dependencies (Lit's ReactiveElement, oidc-client-ts) left out: the package's own code.
const ownCode = buildSync({
  stdin: { contents: "export * from './dist/index.js'; import './dist/define.js';", resolveDir: '.' },
  bundle: true,
  minify: true,
  format: 'esm',
  external: ['@lit/reactive-element', 'oidc-client-ts'],
  write: false,
  logLevel: 'silent',
}).outputFiles[0].contents;

const files = readdirSync('dist', { recursive: true })
  .map((file) => `dist/${file}`)
  .filter((file) => file.endsWith('.js'));

let over = 0;
console.log('| what | bytes | gzip | budget (gzip) |\n| --- | ---: | ---: | ---: |');
for (const budget of budgets) {
  let matched = files.filter((file) => budget.match.test(file));
  if (budget.withStaticImports) matched = matched.flatMap((file) => [...withStaticImports(file)]);
  if (!matched.length) {
    console.log(`| ${budget.label} | missing: run npm run build | | |`);
    over += 1;
    continue;
  }
  const contents = matched.map((file) => readFileSync(file));
  const bytes = contents.reduce((sum, content) => sum + content.length, 0);
  const gzip = contents.reduce((sum, content) => sum + gzipSync(content, { level: 9 }).length, 0);
  const ok = gzip <= budget.gzip;
  if (!ok) over += 1;
  const label = budget.withStaticImports
    ? `${budget.label} (${matched.length} file${matched.length > 1 ? 's' : ''})`
    : budget.label;
  console.log(`| ${label} | ${bytes} | ${gzip} | ${budget.gzip} ${ok ? '' : '**over**'} |`);
}
const ownGzip = gzipSync(ownCode, { level: 9 }).length;
// The package's own code, measured eagerly (its lazy loaders and the split tab listening count too).
const ownBudget = 17 * KiB;
if (ownGzip > ownBudget) over += 1;
console.log(
  `| npm entry, own code (minified, Lit and oidc-client-ts external) | ${ownCode.length} | ${ownGzip} | ${ownBudget} ${ownGzip > ownBudget ? '**over**' : ''} |`,
);

if (over) {
  console.error(`\n${over} file(s) over budget or missing.`);
  process.exit(1);
}
console.log('\nAll within budget.');
