// A node:test reporter that writes {"passed": N, "failed": N} for scripts/test.mjs to add up: a
// line after each test, so that a file killed before its end still counts what it ran.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  yield `${JSON.stringify({ passed, failed })}\n`;
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass' && !event.data.skip && !event.data.todo) passed += 1;
    else if (event.type === 'test:fail') failed += 1;
    else continue;
    yield `${JSON.stringify({ passed, failed })}\n`;
  }
}
