// Which parts `npm test` runs for the words a contributor types after `npm test --`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selection } from '../../scripts/test-selection.mjs';

const ENGINES = ['chromium', 'firefox', 'webkit'];
const parts = (words) => {
  const { unknown, runs, selected, cms } = selection(words, ENGINES);
  return { unknown, unit: runs('unit'), e2e: runs('e2e'), interop: runs('interop'), cms, selected };
};

test('no words: every part, in every engine', () => {
  assert.deepEqual(parts([]), { unknown: [], unit: true, e2e: true, interop: true, cms: true, selected: ENGINES });
});

test('quick: unit and e2e, without the interop and CMS parts', () => {
  assert.deepEqual(parts(['quick']), {
    unknown: [],
    unit: true,
    e2e: true,
    interop: false,
    cms: false,
    selected: ENGINES,
  });
  assert.deepEqual(parts(['quick', 'e2e', 'firefox']), {
    unknown: [],
    unit: false,
    e2e: true,
    interop: false,
    cms: false,
    selected: ['firefox'],
  });
});

test('interop alone runs in Chromium only; e2e includes interop and CMS', () => {
  assert.deepEqual(parts(['interop']), {
    unknown: [],
    unit: false,
    e2e: false,
    interop: true,
    cms: false,
    selected: ['chromium'],
  });
  assert.deepEqual(parts(['e2e']), {
    unknown: [],
    unit: false,
    e2e: true,
    interop: true,
    cms: true,
    selected: ENGINES,
  });
});

test('an unknown word is reported, not ignored', () => {
  assert.deepEqual(parts(['quik', 'unit']).unknown, ['quik']);
});
