/**
 * Turns `keep-storage` patterns (`*` matches any run of characters, nothing else is special) into
 * one matcher. Matching takes time linear in the key for each pattern, whatever its stars: a
 * pattern from another tab or from storage must not be able to freeze the page.
 */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const globs = patterns.map((pattern) => pattern.split('*'));
  return (key) => globs.some((parts) => globMatches(parts, key));
}

/**
 * Whether `key` matches the glob whose literal parts (between its stars) are `parts`: the first is
 * a prefix, the last a suffix, and the ones between are found left to right, each as early as it
 * can be (the earliest place never rules out a match that a later one would allow).
 */
function globMatches(parts: readonly string[], key: string): boolean {
  const first = parts[0];
  if (parts.length === 1) return key === first;
  const last = parts[parts.length - 1];
  if (key.length < first.length + last.length || !key.startsWith(first) || !key.endsWith(last)) return false;
  let at = first.length;
  const end = key.length - last.length;
  for (let index = 1; index < parts.length - 1; index += 1) {
    const found = key.indexOf(parts[index], at);
    if (found === -1 || found + parts[index].length > end) return false;
    at = found + parts[index].length;
  }
  return true;
}
