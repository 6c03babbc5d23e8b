// The manifest documents <sign-out-button> from its JSDoc (@fires, @slot, @csspart, @cssproperty).
export default {
  globs: ['src/sign-out-button.ts'],
  outdir: 'dist',
  litelement: true,
};
