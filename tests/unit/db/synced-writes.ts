import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { getTableName, is, Table } from 'drizzle-orm';
import ts from 'typescript';
import * as schema from '../../../src-main/db/schema/index';
import { syncedTables } from '../../../src-main/db/synced-tables';

/**
 * Finds writes to synced tables that bypass src-main/db/outbox.ts: a drizzle
 * insert/update/delete on a synced table, or SQL text that writes one. A
 * write that skips the outbox is never pushed, so the device and the server
 * quietly disagree; nothing at run time notices, hence this check.
 *
 * Which tables sync comes from synced-tables.ts and which names refer to a
 * table from db/schema/index.ts, both read at run time, so a table added to
 * either is covered without touching this file.
 *
 * It reads syntax only (asking the type-checker would cost a type-check of
 * all of main on every test run), so it refuses what it cannot name: a
 * drizzle write to a table held in a parameter or property, and SQL whose
 * table is interpolated or concatenated, are findings too unless
 * `allowances` says why that file may.
 */

export type FindingKind = 'drizzle' | 'sql' | 'dynamic-drizzle' | 'dynamic-sql';

export interface Finding {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  kind: FindingKind;
  /** The SQL name of the synced table, or null when the check cannot tell which table it is. */
  table: string | null;
  text: string;
}

export interface Allowance {
  file: string;
  /** Only findings of these kinds are allowed in the file; 'all' for the outbox itself. */
  kinds: FindingKind[] | 'all';
  why: string;
}

export const allowances: Allowance[] = [
  { file: 'src-main/db/outbox.ts', kinds: 'all', why: 'the outbox is the one module that writes synced tables' },
  {
    file: 'src-main/sync/pull-applier.ts',
    kinds: ['dynamic-sql'],
    why: 'applies rows pulled from the server, whose table comes with the change; queueing them would push every pulled change back',
  },
  {
    file: 'src-main/repositories/audit-repository.ts',
    kinds: ['drizzle', 'sql'],
    why: "retention removes pruned audit entries here only: the anchor entry, written through the outbox, carries the prune to the server and other devices, and a pushed delete would leave a tombstone of what the trail must stop keeping",
  },
  {
    file: 'src-main/repositories/candidate-removal.ts',
    kinds: ['sql'],
    why: 'an erasure removes a candidate locally on every device: the erasure request, written through the outbox, carries it to the server and each device, which remove their own copies; pushed deletes would keep tombstones of what must go',
  },
  {
    file: 'src-main/repositories/content-expiry.ts',
    kinds: ['sql'],
    why: "retention empties expired content locally: every device applies IT's retention setting to its own copies, and pushing the emptied rows would make a kiosk's retention overrule another device's setting",
  },
];

interface TableRef {
  sqlName: string;
  synced: boolean;
}

/** A resolved expression: a known table, "some synced table" (syncedTables[x]), or nothing known. */
type Target = TableRef | 'some-synced' | null;

const tableExports = new Map<string, TableRef>();
{
  const synced = new Set<unknown>(Object.values(syncedTables));
  for (const [name, value] of Object.entries(schema)) {
    if (is(value, Table)) tableExports.set(name, { sqlName: getTableName(value), synced: synced.has(value) });
  }
}
const syncedSqlNames = new Set<string>(Object.values(syncedTables).map((table) => getTableName(table)));

/** The SQL names of the synced tables, as the check sees them. */
export function syncedTableNames(): string[] {
  return [...syncedSqlNames].sort();
}

/** The schema export (e.g. `resumeFeedback`) of each synced table, by SQL name. */
export function syncedTableExports(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const [exportName, ref] of tableExports) if (ref.synced) byName.set(ref.sqlName, exportName);
  return byName;
}

const writeMethods = new Set(['insert', 'update', 'delete']);
/** What follows `db.insert(x)` and friends in drizzle; keeps `map.delete(key)` and `hash.update(bytes)` out. */
const builderMethods = new Set(['values', 'set', 'where', 'returning', 'run', 'all', 'get', 'execute', 'prepare', 'select', 'onConflictDoNothing', 'onConflictDoUpdate', 'then']);

const schemaModule = 'src-main/db/schema';
const syncedTablesModule = 'src-main/db/synced-tables';
const UNKNOWN = '\u0000';

/*
 * A write statement and its target: quoted, bracketed or bare, or the
 * stand-in for an interpolated value. The continuation (SET, a column list,
 * WHERE, the end of the text, ...) keeps prose such as "update the hosted
 * database" out.
 */
const writeSql = new RegExp(
  String.raw`(?<![\w.$])(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(?:(?:"main"|main)\s*\.\s*)?` +
    String.raw`(?:"([^"]+)"|\x60([^\x60]+)\x60|\[([^\]]+)\]|([\w${UNKNOWN}]+))` +
    String.raw`(?=\s*$|\s*[(;]|\s+(?:AS\s+\w+\s+)?(?:SET|VALUES|SELECT|DEFAULT|WHERE|RETURNING)\b)`,
  'gi',
);
/** A write keyword, then a space, at the end of the text: the table is concatenated on after it. */
const writeSqlAtEnd = /(?<![\w.$])(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`[]?$/i;

function moduleOf(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(fromFile), specifier)).replace(/\.(ts|js)$/, '');
}

interface FileBindings {
  tables: Map<string, TableRef>;
  /** Local names of `import * as x from '.../schema/...'`. */
  schemaNamespaces: Set<string>;
  /** Local names of the syncedTables registry. */
  registries: Set<string>;
}

function bindingsOf(file: string, source: ts.SourceFile): FileBindings {
  const bindings: FileBindings = { tables: new Map(), schemaNamespaces: new Set(), registries: new Set() };
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = moduleOf(file, statement.moduleSpecifier.text);
    const clause = statement.importClause;
    if (!module || !clause?.namedBindings) continue;
    const fromSchema = module === schemaModule || module.startsWith(`${schemaModule}/`);
    if (ts.isNamespaceImport(clause.namedBindings)) {
      if (fromSchema) bindings.schemaNamespaces.add(clause.namedBindings.name.text);
      continue;
    }
    for (const element of clause.namedBindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (fromSchema && tableExports.has(imported)) bindings.tables.set(element.name.text, tableExports.get(imported)!);
      if (module === syncedTablesModule && imported === 'syncedTables') bindings.registries.add(element.name.text);
    }
  }
  // `const t = candidates` and the like, wherever they are: names are rarely reused for something else.
  const aliases = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const target = resolve(node.initializer, bindings);
      if (target && target !== 'some-synced') bindings.tables.set(node.name.text, target);
    }
    ts.forEachChild(node, aliases);
  };
  aliases(source);
  return bindings;
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function resolve(expression: ts.Expression, bindings: FileBindings): Target {
  const node = unwrap(expression);
  if (ts.isIdentifier(node)) return bindings.tables.get(node.text) ?? null;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    const owner = node.expression.text;
    if (bindings.schemaNamespaces.has(owner)) return tableExports.get(node.name.text) ?? null;
    if (bindings.registries.has(owner)) return 'some-synced';
  }
  if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && bindings.registries.has(node.expression.text)) return 'some-synced';
  // drizzle's alias(table, 'name') is the same table under another name.
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'alias' && node.arguments[0]) {
    return resolve(node.arguments[0], bindings);
  }
  return null;
}

function isDrizzleShaped(call: ts.CallExpression): boolean {
  const parent = call.parent;
  return ts.isPropertyAccessExpression(parent) && parent.expression === call && builderMethods.has(parent.name.text);
}

/** The text of a string or template, with each interpolation as the table it names or a stand-in. */
function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression, bindings: FileBindings): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const target = resolve(span.expression, bindings);
    text += (target && target !== 'some-synced' ? target.sqlName : UNKNOWN) + span.literal.text;
  }
  return text;
}

/** Every write to a synced table (or to a table the check cannot name) in one file's text. */
export function findInText(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const bindings = bindingsOf(file, source);
  const findings: Finding[] = [];
  const add = (node: ts.Node, kind: FindingKind, table: string | null, text = node.getText(source)) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ file, line: line + 1, kind, table, text: text.replace(/\s+/g, ' ').slice(0, 160) });
  };

  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      writeMethods.has(node.expression.name.text) &&
      node.arguments.length === 1
    ) {
      const argument = node.arguments[0]!;
      const target = resolve(argument, bindings);
      const text = `${node.expression.name.text}(${argument.getText(source)})`;
      if (target === 'some-synced') add(node, 'drizzle', null, text);
      else if (target?.synced) add(node, 'drizzle', target.sqlName, text);
      else if (target === null && isDrizzleShaped(node)) add(node, 'dynamic-drizzle', null, text);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const sqlText = literalText(node, bindings);
      for (const match of sqlText.matchAll(writeSql)) {
        const name = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').toLowerCase();
        if (name.includes(UNKNOWN)) add(node, 'dynamic-sql', null);
        else if (syncedSqlNames.has(name)) add(node, 'sql', name);
      }
      if (writeSqlAtEnd.test(sqlText)) add(node, 'dynamic-sql', null);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function isAllowed(finding: Finding): boolean {
  return allowances.some((allowance) => allowance.file === finding.file && (allowance.kinds === 'all' || allowance.kinds.includes(finding.kind)));
}

/** Findings the allowances do not cover: each one is a write that skips the outbox. */
export function violations(findings: Finding[]): Finding[] {
  return findings.filter((finding) => !isAllowed(finding));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every finding under src-main, allowed ones included. */
export function findInTree(root: string): Finding[] {
  return sourceFiles(join(root, 'src-main')).flatMap((path) => findInText(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')));
}

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
