import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';
import { migratePg, type PgOptions } from '../storage/pg/pg-database.ts';

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database `test`, started by scripts/bootstrap.sh, as
 * the user running the tests) or TEST_DATABASE_URL. Without a server the tests fail; they are
 * never skipped.
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;

/** Schemas of a test file's own, migrated, each dropped with `dropAll` (in `afterAll`). */
export class TestSchemas {
  readonly #names: string[] = [];

  async fresh(max = 4): Promise<PgOptions> {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    this.#names.push(schema);
    const options = { url: TEST_DATABASE_URL, schema, max };
    await migratePg(options);
    return options;
  }

  async dropAll(): Promise<void> {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    for (const schema of this.#names.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}
