// The manifest documents <sign-out-button> from its JSDoc (@fires, @slot, @csspart, @cssproperty),
// and its attributes and properties from the option table they are declared in.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const OPTION_TABLE = 'src/options/option-table.ts';

/** `clientId` → `client-id`, as the element derives its attribute names. */
const attributeOf = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The entries of the option table's `OPTIONS`, read from its source: name, JSDoc, and fields. */
export function readOptionTable(path = OPTION_TABLE) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  let table;
  const find = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'OPTIONS') table = node.initializer;
    else ts.forEachChild(node, find);
  };
  find(source);
  while (table && !ts.isObjectLiteralExpression(table)) table = table.expression;
  if (!table) throw new Error(`${path} has no OPTIONS table`);
  return table.properties.map((property) => {
    const fields = Object.fromEntries(
      property.initializer.properties.map((field) => [field.name.getText(), field.initializer]),
    );
    const value = fields.default;
    const typed = value && ts.isAsExpression(value) ? value : null;
    return {
      name: property.name.getText(),
      description: ts
        .getJSDocCommentsAndTags(property)
        .map((doc) => ts.getTextOfJSDocComment(doc.comment))
        .join('\n'),
      kind: fields.kind ? fields.kind.text : 'text',
      default: (typed ? typed.expression : value)?.getText(),
      type: typed?.type.getText(),
      reflect: Boolean(fields.reflect),
      readOnly: Boolean(fields.readOnly),
    };
  });
}

/** The type an entry has on the element, as the table's types derive it. */
function typeText(entry) {
  if (entry.kind === 'user-manager') return 'UserManager | undefined';
  if (entry.type) return entry.type;
  if (entry.kind === 'boolean') return 'boolean';
  return `${entry.kind === 'number' ? 'number' : 'string'}${entry.default === undefined ? ' | undefined' : ''}`;
}

/** Adds the option table's attributes and properties to `<sign-out-button>`'s declaration. */
export function optionTablePlugin() {
  let entries = [];
  return {
    name: 'sign-out-button:option-table',
    initialize() {
      entries = readOptionTable();
    },
    packageLinkPhase({ customElementsManifest }) {
      const element = customElementsManifest.modules
        .flatMap((module) => module.declarations ?? [])
        .find((declaration) => declaration.tagName === 'sign-out-button');
      if (!element) throw new Error('no <sign-out-button> declaration to add the option table to');
      const fields = entries.map((entry) => ({
        kind: 'field',
        name: entry.name,
        privacy: 'public',
        type: { text: typeText(entry) },
        ...(entry.default !== undefined && { default: entry.default }),
        description: entry.description,
        ...(entry.kind !== 'user-manager' && { attribute: attributeOf(entry.name) }),
        ...(entry.reflect && { reflects: true }),
        ...(entry.readOnly && { readonly: true }),
      }));
      const attributes = fields
        .filter((field) => field.attribute)
        .map(({ attribute, type, default: value, description, name }) => ({
          name: attribute,
          type,
          ...(value !== undefined && { default: value }),
          description,
          fieldName: name,
        }));
      element.members = [
        ...fields,
        ...(element.members ?? []).filter((member) => !entries.some((e) => e.name === member.name)),
      ];
      element.attributes = [...attributes, ...(element.attributes ?? [])];
    },
  };
}

export default {
  globs: ['src/shell/sign-out-button.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [optionTablePlugin()],
};
