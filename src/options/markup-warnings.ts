// Console warnings about a button's markup that no check of a value can see: an attribute that
// is almost one of the element's (`clientid`, `client_id`, `post-logout-redirect-url`), an
// `authority` without `client-id`, and iframe mode on a page cross-site to the provider. Given
// once per button, at its first intent or click (the code is not part of the first load).
import { siteOf } from '../core/url-policy.js';
import { OPTIONS, attributeOf, type OptionSpec } from './option-table.js';

/** The element's attributes (every option but the property-only `userManager`). */
const ATTRIBUTES = Object.entries(OPTIONS as Record<string, OptionSpec>)
  .filter(([, spec]) => spec.kind !== 'user-manager')
  .map(([name]) => attributeOf(name));

/** Attributes every element may carry: never taken for a misspelt one of ours. */
const GLOBAL = new Set(
  'accesskey autocapitalize autofocus class contenteditable dir draggable enterkeyhint exportparts hidden id inert inputmode is itemid itemprop itemref itemscope itemtype lang nonce part popover role slot spellcheck style tabindex title translate'.split(
    ' ',
  ),
);

const bare = (name: string) => name.toLowerCase().replace(/[-_.:]/g, '');

/** The Levenshtein distance of `a` and `b`, or more than `limit` (stops early). */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...row) > limit) return limit + 1;
    previous = row;
  }
  return previous[b.length];
}

/** The element's attribute that `name` (not one of them) was probably meant to be, if any. */
export function meantAttribute(name: string): string | null {
  const written = name.toLowerCase();
  if (ATTRIBUTES.includes(written) || GLOBAL.has(written) || /^(data-|aria-|on)/.test(written)) return null;
  let best: string | null = null;
  let bestDistance = 3;
  for (const attribute of ATTRIBUTES) {
    if (bare(attribute) === bare(written)) return attribute;
    // Short names are too close to everything: only their separators are looked at.
    const found = written.length >= 5 ? distance(written, attribute, 2) : 3;
    if (found < bestDistance) [best, bestDistance] = [attribute, found];
  }
  return best;
}

/** What a button's markup says that its values do not, in sentences for the console. */
export function markupProblems(
  element: Element,
  options: { authority?: unknown; clientId?: unknown; userManager?: unknown; mode?: unknown },
): string[] {
  const problems: string[] = [];
  for (const { name } of Array.from(element.attributes)) {
    if (name === 'user-manager') {
      // Vue's `:user-manager` (and Angular's `[attr.user-manager]`) set an attribute: a string.
      problems.push(
        '"user-manager" is an attribute here, so the element never saw the UserManager: bind the property (Vue: .userManager or :userManager; Angular: [userManager]; React: userManager).',
      );
      continue;
    }
    const meant = meantAttribute(name);
    if (meant) problems.push(`"${name}" is not an attribute of <sign-out-button>: did you mean "${meant}"?`);
  }
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const authority = text(options.authority);
  if (authority && !text(options.clientId) && !options.userManager) {
    problems.push(
      'authority is set without client-id: the stored user cannot be found, and a sign-out fails with invalid-config.',
    );
  }
  if (authority && options.mode === 'iframe') {
    try {
      const provider = new URL(authority, window.location.href).origin;
      if (siteOf(provider) !== siteOf(window.location.origin)) {
        problems.push(
          `mode="iframe" on a page cross-site to ${provider}: the browser will not send the provider's cookies into the frame, so expect the fallback (fallback="redirect", the default) or "unconfirmed".`,
        );
      }
    } catch {
      // A bad authority is reported by its own check.
    }
  }
  return problems;
}

const warned = new WeakSet<Element>();

/** Writes `markupProblems` to the console, once per button. */
export function warnAboutMarkup(element: unknown, options: Parameters<typeof markupProblems>[1]): void {
  if (!(element instanceof Element) || warned.has(element)) return;
  warned.add(element);
  for (const problem of markupProblems(element, options)) console.warn(`<sign-out-button>: ${problem}`);
}
