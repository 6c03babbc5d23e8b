// Which parts `npm test` runs for the words a contributor types after `npm test --`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selection } from '../../scripts/test-selection.mjs';

const ENGINES = ['chromium', 'firefox', 'webkit'];
const PARTS = ['unit', 'e2e', 'interop', 'cms'];
const parts = (words) => {
  const { unknown, runs, selected } = selection(words, ENGINES);
  return { unknown, ...Object.fromEntries(PARTS.map((part) => [part, runs(part)])), selected };
};
/** Every part in every engine; a case writes only what it changes. */
const everything = { unknown: [], unit: true, e2e: true, interop: true, cms: true, selected: ENGINES };

test('no words: every part, in every engine', () => {
  assert.deepEqual(parts([]), everything);
});

test('quick: unit and e2e, without the interop and CMS parts', () => {
  assert.deepEqual(parts(['quick']), { ...everything, interop: false, cms: false });
  assert.deepEqual(parts(['quick', 'e2e', 'firefox']), {
    ...everything,
    unit: false,
    interop: false,
    cms: false,
    selected: ['firefox'],
  });
});

test('interop alone runs in Chromium only; e2e includes interop and CMS', () => {
  assert.deepEqual(parts(['interop']), { ...everything, unit: false, e2e: false, cms: false, selected: ['chromium'] });
  assert.deepEqual(parts(['e2e']), { ...everything, unit: false });
});

test('an unknown word is reported, not ignored', () => {
  assert.deepEqual(parts(['quik', 'unit']).unknown, ['quik']);
  assert.deepEqual(parts(['cms']).unknown, ['cms']);
});
