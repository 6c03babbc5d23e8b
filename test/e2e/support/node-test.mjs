// node:test's describe, it and hooks, each test and hook with its own time limit. Node 20 applies
// --test-timeout to a whole file and describe's timeout to a whole suite, so neither limits a test.
import * as nodeTest from 'node:test';

/** Generous for a loaded 2-core machine; a test that needs more asks for it (`{ timeout }`). */
export const TEST_TIMEOUT_MS = 90_000;
export const HOOK_TIMEOUT_MS = 120_000;

/** `test`/`it` with `{ timeout }` unless the call gives its own: it([name][, options][, fn]). */
function timedTest(original) {
  const timed = (...args) => {
    const at = args.findIndex((arg) => arg !== null && typeof arg === 'object');
    if (at >= 0) args[at] = { timeout: TEST_TIMEOUT_MS, ...args[at] };
    else {
      const fnAt = args.findIndex((arg) => typeof arg === 'function');
      args.splice(fnAt >= 0 ? fnAt : args.length, 0, { timeout: TEST_TIMEOUT_MS });
    }
    return original(...args);
  };
  timed.skip = original.skip;
  timed.todo = original.todo;
  timed.only = original.only;
  return timed;
}

/** A hook with `{ timeout }` unless the call gives its own: before(fn[, options]). */
const timedHook = (original) => (fn, options) => original(fn, { timeout: HOOK_TIMEOUT_MS, ...options });

export const describe = nodeTest.describe;
export const test = timedTest(nodeTest.test);
export const it = timedTest(nodeTest.it);
export const before = timedHook(nodeTest.before);
export const after = timedHook(nodeTest.after);
export const beforeEach = timedHook(nodeTest.beforeEach);
export const afterEach = timedHook(nodeTest.afterEach);
