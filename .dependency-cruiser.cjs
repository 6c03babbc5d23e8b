// The import rule of src/ (written out in src/README.md), checked by `npm run lint`.

/** The folders of src/, top first: each imports only itself and the folders after it. */
const LAYERS = ['shell', 'sign-out', 'provider', 'tabs', 'options', 'storage', 'platform', 'core'];

/** The element's first load: these modules import, statically, only each other. */
const FIRST_LOAD = [
  '^src/(define|cdn|cdn-global)\\.ts$',
  '^src/shell/',
  '^src/core/(errors|events|values|bounded)\\.ts$',
  '^src/options/(option-table|checks)\\.ts$',
  '^src/platform/(web-storage|load-once|open-popup)\\.ts$',
  // What a local sign-out needs when no other code can be loaded.
  '^src/storage/',
  '^src/sign-out/local-traces\\.ts$',
  '^src/tabs/(channel|recent-sign-outs|remote-state|session-clearing)\\.ts$',
  '^src/provider/oidc-client-ts\\.ts$',
];

/** The one module that imports the package's own code with import(). */
const LOADER = '^src/shell/chunks\\.ts$';

const upward = LAYERS.slice(1).map((layer, index) => ({
  name: `no-upward-import-from-${layer}`,
  comment: `${layer}/ may import only the folders below it: not ${LAYERS.slice(0, index + 1).join(', ')}, nor an entry point.`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: [`^src/(${LAYERS.slice(0, index + 1).join('|')})/`, '^src/[^/]+\\.ts$'] },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-upward-import-into-entry-points',
      comment: 'Only entry points import entry points (define.ts registers the element once).',
      severity: 'error',
      from: { path: `^src/(${LAYERS.join('|')})/` },
      to: { path: '^src/[^/]+\\.ts$' },
    },
    {
      name: 'no-import-of-parent-folder',
      comment: "A subfolder sits below its folder's own files: provider/windows/ does not import provider/*.ts.",
      severity: 'error',
      from: { path: '^src/([^/]+)/[^/]+/' },
      to: { path: '^src/$1/[^/]+\\.ts$' },
    },
    {
      name: 'no-cycle',
      comment: 'No import cycle, each import() and import type counted as an edge.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'import-of-own-code-in-one-place',
      comment: 'Only shell/chunks.ts imports the package’s own code with import().',
      severity: 'error',
      from: { path: '^src/', pathNot: LOADER },
      to: { path: '^src/', dependencyTypes: ['dynamic-import'] },
    },
    {
      name: 'first-load-stays-small',
      comment:
        'The first load imports the rest only with import() (shell/chunks.ts): a static import would load it on every page.',
      severity: 'error',
      from: { path: FIRST_LOAD },
      to: { path: '^src/', pathNot: FIRST_LOAD, dependencyTypesNot: ['type-only', 'dynamic-import'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
  },
};
