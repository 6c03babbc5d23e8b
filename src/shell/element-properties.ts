import type { PropertyDeclarations } from '@lit/reactive-element';
import { OPTIONS, attributeOf, type OptionSpec } from '../options/option-table.js';

/** A number attribute; a blank one counts as absent (the default applies). */
function numberOrAbsent(value: string | null): number | undefined {
  return value === null || value.trim() === '' ? undefined : Number(value);
}

/** Lit's declaration of each property, from the option table. */
export const properties: PropertyDeclarations = Object.fromEntries(
  Object.entries(OPTIONS as Record<string, OptionSpec>).map(([name, { kind, reflect }]) => [
    name,
    kind === 'user-manager'
      ? { attribute: false }
      : {
          attribute: attributeOf(name),
          ...(kind === 'boolean' && { type: Boolean }),
          ...(kind === 'number' && { converter: { fromAttribute: numberOrAbsent } }),
          ...(reflect && { reflect, useDefault: true }),
        },
  ]),
);

/** Sets each property that has a default in the table to it (an element's first values). */
export function applyDefaults(element: object): void {
  for (const [name, spec] of Object.entries(OPTIONS as Record<string, OptionSpec>)) {
    if ('default' in spec) (element as Record<string, unknown>)[name] = spec.default;
  }
}
