import { getTableName } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { syncedTables } from '../../../src-main/db/synced-tables';
import { allowances, findInText, findInTree, repositoryRoot, syncedTableExports, syncedTableNames, violations, type Finding } from './synced-writes';

/*
 * "Synced tables are written only through outbox.ts", checked: the tree has
 * no write that skips it, and planted snippets show the check finds each
 * way of writing one (and leaves alone what is not a synced write).
 */

/** The findings for a snippet placed at `file` (imports resolve from there). */
function scan(code: string, file = 'src-main/repositories/probe.ts'): Finding[] {
  return findInText(file, code);
}

function describeFinding(finding: Finding): string {
  return `${finding.file}:${finding.line} ${finding.kind} ${finding.table ?? '(table unknown)'}: ${finding.text}`;
}

let treeFindings: Finding[] | undefined;
/** Parsing all of src-main takes seconds: once for the tests that need it. */
function tree(): Finding[] {
  treeFindings ??= findInTree(repositoryRoot);
  return treeFindings;
}

describe('synced tables are written only through the outbox', () => {
  it('src-main has no write to a synced table outside outbox.ts', () => {
    expect(violations(tree()).map(describeFinding)).toEqual([]);
  });

  it('every allowance is still needed', () => {
    const findings = tree();
    for (const allowance of allowances) {
      const used = findings.some((finding) => finding.file === allowance.file && (allowance.kinds === 'all' || allowance.kinds.includes(finding.kind)));
      expect(used, `${allowance.file} (${allowance.why})`).toBe(true);
    }
  });

  it('takes its tables from synced-tables.ts', () => {
    expect(syncedTableNames()).toEqual(Object.values(syncedTables).map((table) => getTableName(table)).sort());
    expect(syncedTableNames()).toEqual([...syncedTableExports().keys()].sort());
  });

  it('finds a drizzle insert, update and delete on every synced table', () => {
    for (const [sqlName, exportName] of syncedTableExports()) {
      const code = [
        `import { ${exportName} } from '../db/schema/index';`,
        `export const a = (db) => db.insert(${exportName}).values({}).run();`,
        `export const b = (tx) => tx.update(${exportName}).set({}).where(undefined).run();`,
        `export const c = (db) => db.delete(${exportName}).run();`,
      ].join('\n');
      const found = scan(code);
      expect(found.map((f) => [f.kind, f.table, f.line]), sqlName).toEqual([
        ['drizzle', sqlName, 2],
        ['drizzle', sqlName, 3],
        ['drizzle', sqlName, 4],
      ]);
    }
  });

  it('finds SQL text that writes a synced table, in any spelling', () => {
    for (const sqlName of syncedTableNames()) {
      const statements = [
        `INSERT INTO ${sqlName} (id) VALUES (?)`,
        `insert or ignore into "${sqlName}" (id) values (?)`,
        `REPLACE INTO \`${sqlName}\` (id) VALUES (?)`,
        `UPDATE ${sqlName} SET row_version = row_version + 1 WHERE id = ?`,
        `UPDATE OR IGNORE main.${sqlName.toUpperCase()} SET id = ?`,
        `DELETE FROM [${sqlName}] WHERE id = ?`,
        `DELETE FROM ${sqlName}`,
      ];
      for (const statement of statements) {
        expect(scan(`export const q = (sqlite) => sqlite.prepare(${JSON.stringify(statement)}).run();`), statement).toMatchObject([{ kind: 'sql', table: sqlName }]);
      }
    }
    const multiLine = 'export const q = (sqlite) => sqlite.exec(`\n  UPDATE interviews\n     SET status = \'abandoned\'\n   WHERE id = 1`);';
    expect(scan(multiLine)).toMatchObject([{ kind: 'sql', table: 'interviews', line: 1 }]);
  });

  it('follows renamed imports, schema namespaces, aliases, the syncedTables registry and sql templates', () => {
    const cases: Array<[string, Partial<Finding>]> = [
      ["import { resumeFeedback as feedback } from '../db/schema/resume-feedback';\ndb.update(feedback).set({ status: 'sent' }).run();", { kind: 'drizzle', table: 'resume_feedback' }],
      ["import * as schema from '../db/schema/index';\ndb.delete(schema.aiUsage).run();", { kind: 'drizzle', table: 'ai_usage' }],
      ["import { integrityEvents } from '../db/schema/index';\nconst events = integrityEvents;\ndb.insert(events).values({}).run();", { kind: 'drizzle', table: 'integrity_events' }],
      ["import { recruiters } from '../db/schema/index';\nimport { alias } from 'drizzle-orm/sqlite-core';\ndb.update(alias(recruiters, 'r')).set({}).run();", { kind: 'drizzle', table: 'recruiters' }],
      ["import { syncedTables } from '../db/synced-tables';\ndb.update(syncedTables.candidates).set({}).run();", { kind: 'drizzle', table: null }],
      ["import { syncedTables as all } from '../db/synced-tables';\nexport const wipe = (db, name) => db.delete(all[name]).run();", { kind: 'drizzle', table: null }],
      ["import { sql } from 'drizzle-orm';\nimport { interviews } from '../db/schema/index';\ndb.run(sql`UPDATE ${interviews} SET status = 'abandoned'`);", { kind: 'sql', table: 'interviews' }],
    ];
    for (const [code, expected] of cases) expect(scan(code), code).toMatchObject([expected]);
  });

  it('refuses a write it cannot name: a table in a parameter, or interpolated into SQL', () => {
    expect(scan('export function wipe(db, table) {\n  db.delete(table).where(undefined).run();\n}')).toMatchObject([{ kind: 'dynamic-drizzle', table: null, line: 2 }]);
    expect(scan('export const q = (sqlite, t) => sqlite.prepare(`INSERT INTO "${t}" (id) VALUES (?)`).run(1);')).toMatchObject([{ kind: 'dynamic-sql' }]);
    expect(scan("export const q = (sqlite, t) => sqlite.prepare('DELETE FROM ' + t).run();")).toMatchObject([{ kind: 'dynamic-sql' }]);
  });

  it('leaves alone what is not a write to a synced table', () => {
    const code = [
      "import { and, eq, sql } from 'drizzle-orm';",
      "import { candidates, jobs, storedFiles, syncOutbox, syncState } from '../db/schema/index';",
      "import { insertSynced, updateSynced } from '../db/outbox';",
      // Device-local tables, written directly on purpose.
      'db.insert(jobs).values({}).run();',
      "db.update(syncOutbox).set({ pushedAt: 'x' }).run();",
      'db.delete(syncState).run();',
      'tx.insert(storedFiles).values({}).onConflictDoNothing().run();',
      "sqlite.prepare('UPDATE sync_outbox SET pushed_at = ? WHERE pushed_at IS NULL').run(1);",
      "sqlite.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run();",
      // Reads, and writes through the outbox.
      'db.select().from(candidates).where(eq(candidates.id, 1)).get();',
      "sqlite.prepare('SELECT * FROM candidates WHERE id = ?').get(1);",
      "insertSynced(tx, candidates, { email: 'a' });",
      'updateSynced(tx, candidates, id, {});',
      // Other things called insert, update or delete, and prose.
      'cache.delete(key);',
      "createHash('sha256').update(bytes).digest('hex');",
      "settings.update({ theme: 'dark' });",
      "const channel = 'feedback.update';",
      "throw new Error('The hosted database is older; ask IT to update the hosted database.');",
      "const note = 'Candidates can update their interviews later.';",
    ].join('\n');
    expect(scan(code).map(describeFinding)).toEqual([]);
  });

  it('lets outbox.ts write, and the pull applier only write tables it is handed', () => {
    const write = "import { candidates } from './schema/index';\nexport const f = (tx) => tx.update(candidates).set({}).run();";
    expect(violations(scan(write, 'src-main/db/outbox.ts'))).toEqual([]);
    expect(violations(scan(write, 'src-main/db/outbox-helpers.ts'))).toMatchObject([{ kind: 'drizzle', table: 'candidates' }]);

    const applier = 'src-main/sync/pull-applier.ts';
    expect(violations(scan('export const q = (t) => `INSERT INTO "${t}" (id) VALUES (?)`;', applier))).toEqual([]);
    expect(violations(scan("export const q = 'UPDATE candidates SET status = ? WHERE id = ?';", applier))).toMatchObject([{ kind: 'sql', table: 'candidates' }]);
    expect(
      violations(scan("import { resumes } from '../db/schema/index';\nexport const f = (db) => db.delete(resumes).run();", applier)),
    ).toMatchObject([{ kind: 'drizzle', table: 'resumes' }]);
  });
});
