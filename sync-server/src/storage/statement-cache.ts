import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database.ts';

export type Prepare = (sql: string) => Statement<unknown[], unknown>;

/**
 * Prepares each SQL text once per database and reuses the statement: the stores run the same
 * few queries on every request and every socket's session check.
 */
export function preparedOnce(db: SqliteDatabase): Prepare {
  const statements = new Map<string, Statement<unknown[], unknown>>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
