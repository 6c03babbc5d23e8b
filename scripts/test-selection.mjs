// Which parts `npm test` runs, from the words after `npm test --`: the halves (`unit`, `e2e`,
// `interop`), `quick`, and engine names. Its own module so that a test can check it without
// starting a run.

export const HALVES = ['unit', 'e2e', 'interop'];

/**
 * `quick`: everything but the interop and CMS parts (Debian's providers, WordPress), the everyday
 * loop of a contributor, and the part the suite's time target is about. `interop` is a part of
 * the e2e half, which it runs alone when named on its own (in Chromium only: it needs no other).
 */
export function selection(words, engineNames) {
  const quick = words.includes('quick');
  const halves = words.filter((word) => HALVES.includes(word));
  const engines = words.filter((word) => engineNames.includes(word));
  const unknown = words.filter((word) => word !== 'quick' && !halves.includes(word) && !engines.includes(word));
  const runs = (half) =>
    half === 'interop' && quick
      ? false
      : !halves.length || halves.includes(half) || (half === 'interop' && halves.includes('e2e'));
  const interopOnly = halves.length > 0 && halves.every((half) => half === 'interop');
  const selected = engines.length
    ? engineNames.filter((engine) => engines.includes(engine))
    : interopOnly
      ? ['chromium']
      : [...engineNames];
  return { unknown, runs, selected, cms: runs('e2e') && !quick };
}
