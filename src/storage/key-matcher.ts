/** Turns `keep-storage` patterns (`*` is a wildcard) into one matcher. */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`));
  return (key) => expressions.some((expression) => expression.test(key));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
