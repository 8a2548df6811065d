import type Database from 'better-sqlite3';

/**
 * Prepares each statement once per connection. For code that talks to
 * better-sqlite3 directly (sync bookkeeping, the pull applier) and runs the
 * same few statements thousands of times: compiling SQL costs more than a
 * point lookup. `key` is the SQL itself, or a name for SQL that is costly to
 * build (it is built only the first time).
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {}

  get(key: string, sql: () => string = () => key): Database.Statement {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(sql());
      this.statements.set(key, statement);
    }
    return statement;
  }
}
