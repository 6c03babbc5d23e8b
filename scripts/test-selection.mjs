// Which parts `npm test` runs, from the words after `npm test --`: the halves (`unit`, `e2e`,
// `interop`), `quick`, and engine names. Its own module so that a test can check it without
// starting a run.

export const HALVES = ['unit', 'e2e', 'interop'];
/** The parts of the e2e half that need Debian's providers or its WordPress; `quick` leaves them out. */
const HEAVY = ['interop', 'cms'];
export const WORDS = [...HALVES, 'quick'];

/**
 * `runs(part)` for `unit`, `e2e`, `interop` and `cms`. `quick`: everything but the heavy parts,
 * the everyday loop of a contributor and the part the suite's time target is about. The heavy
 * parts belong to the e2e half; `interop` runs alone when named on its own (in Chromium only: it
 * needs no other engine).
 */
export function selection(words, engineNames) {
  const quick = words.includes('quick');
  const halves = words.filter((word) => HALVES.includes(word));
  const engines = words.filter((word) => engineNames.includes(word));
  const unknown = words.filter((word) => !WORDS.includes(word) && !engines.includes(word));
  const runs = (part) =>
    !(quick && HEAVY.includes(part)) &&
    (!halves.length || halves.includes(part) || (HEAVY.includes(part) && halves.includes('e2e')));
  const interopOnly = halves.length > 0 && halves.every((half) => half === 'interop');
  const selected = engines.length
    ? engineNames.filter((engine) => engines.includes(engine))
    : interopOnly
      ? ['chromium']
      : [...engineNames];
  return { unknown, runs, selected };
}
