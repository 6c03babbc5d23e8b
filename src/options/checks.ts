// The checks of the option table, part of the element's first load, so that a wrong attribute is
// reported when it is set, before any sign-out code is loaded.
import { SignOutError } from '../core/errors.js';
import type { StorageArea } from '../core/values.js';
import { CHECKED, OPTIONS, attributeOf, defaultOf, type OptionName } from './option-table.js';

/**
 * Problems with the checked options (a console warning when an attribute is set, and
 * `invalid-config` when a sign-out is asked for with them). Every button runs it when it first
 * renders, so it builds nothing for options that are fine.
 */
export function attributeProblems(options: Partial<Record<OptionName, unknown>>): string[] {
  const problems: string[] = [];
  for (const name of CHECKED) {
    const { values, max, kind } = OPTIONS[name] as { values?: readonly string[]; max?: number; kind?: string };
    const value = options[name];
    if (value === undefined) continue;
    if (values) {
      for (const item of kind === 'list' ? list(value as string) : [value]) {
        if (!isBlank(item) && !values.includes(item as string))
          problems.push(`${attributeOf(name)}="${String(item)}" is not one of ${values.join(', ')}.`);
      }
    } else if (max && !(typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max)) {
      problems.push(`${attributeOf(name)}="${String(value)}" is not a number of milliseconds from 1 to ${max}.`);
    }
  }
  return problems;
}

/** Blank strings count as absent, as blank attributes do. */
const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/** `options` with its blank strings made absent. */
export function withoutBlanks<T extends object>(options: T): T {
  return Object.fromEntries(
    Object.entries(options).map(([name, value]) => [name, isBlank(value) ? undefined : value]),
  ) as T;
}

/** The items of a space-separated list (or of an array). */
export function list(value: string | readonly string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(/\s+/) : [...value];
  return items.map((item) => item.trim()).filter(Boolean);
}

/** `value` trimmed, or `null` when it is not a string or is blank. */
export function nonEmpty(value: string | undefined | null): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** The storages `clear-storage` names (its entries already checked); throws `invalid-config` for "none" with others. */
export function storageAreas(value: string | readonly string[] | undefined): StorageArea[] {
  const areas = list(value ?? defaultOf('clearStorage'));
  if (areas.includes('none')) {
    if (areas.length > 1)
      throw new SignOutError('invalid-config', 'clear-storage: "none" cannot be combined with other storages.');
    return [];
  }
  return areas as StorageArea[];
}
