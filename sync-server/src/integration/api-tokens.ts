import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/sessions.ts';
import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';

/** What a token may do (docs/operations.md "Integration API"). */
export const API_SCOPES = ['directives:create', 'documents:register', 'tasks:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** An API token as the relay keeps it: never its secret, only the SHA-256 of the whole token. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  /** The official in whose name everything the token does is written. */
  readonly actingId: string;
  readonly scopes: readonly ApiScope[];
  /** The units it may act for. */
  readonly units: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

export interface NewApiToken {
  readonly name: string;
  readonly actingId: string;
  readonly scopes: readonly ApiScope[];
  readonly units: readonly string[];
  readonly createdBy: string;
  readonly at: number;
}

interface TokenRow {
  id: string;
  name: string;
  token_hash: string;
  acting_id: string;
  scopes: string;
  units: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** `ts_<16 hex>_<43 base64url>`: the id (shown in lists and the audit log) and 256 random bits. */
const TOKEN_PATTERN = /^ts_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

function toToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    actingId: row.acting_id,
    scopes: row.scopes.split(',').filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)),
    units: row.units ? row.units.split(',') : [],
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * The integration API's tokens (table `api_tokens`). The token itself is returned once, by
 * `create`; the table holds its hash, so a copy of the database yields no working token. A revoked
 * token is refused from the next request on: every request looks its token up again.
 */
export class ApiTokenStore {
  /** Writes go through the database's control (storage/control-writes.ts): they resolve once durable. */
  readonly #control: ControlWrites;
  readonly #db: SqliteDatabase;
  readonly #byHash;
  readonly #touch;

  constructor(db: SqliteDatabase) {
    this.#control = controlOf(db);
    this.#db = db;
    this.#byHash = db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?');
    this.#touch = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
  }

  /** Creates a token; the returned `secret` is the only copy of the token there will be. */
  async create(input: NewApiToken): Promise<{ token: ApiToken; secret: string }> {
    const id = randomBytes(8).toString('hex');
    const secret = `ts_${id}_${randomBytes(32).toString('base64url')}`;
    await this.#control.run(() =>
      this.#db
        .prepare(
          `INSERT INTO api_tokens (id, name, token_hash, acting_id, scopes, units, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.name,
          hashToken(secret),
          input.actingId,
          [...new Set(input.scopes)].sort().join(','),
          [...new Set(input.units)].sort().join(','),
          input.createdBy,
          input.at,
        ),
    );
    return { token: this.byId(id) as ApiToken, secret };
  }

  byId(id: string): ApiToken | null {
    const row = this.#db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as TokenRow | undefined;
    return row ? toToken(row) : null;
  }

  /** The live (unrevoked) token a presented string is, or null. */
  live(presented: string): ApiToken | null {
    const match = TOKEN_PATTERN.exec(presented);
    if (!match) return null;
    const row = this.#byHash.get(hashToken(presented)) as TokenRow | undefined;
    if (!row || row.id !== match[1] || row.revoked_at !== null) return null;
    return toToken(row);
  }

  /** Every token, newest first, revoked ones included (the console shows them struck through). */
  list(): ApiToken[] {
    return (this.#db.prepare('SELECT * FROM api_tokens ORDER BY created_at DESC, id').all() as TokenRow[]).map(toToken);
  }

  /** Revokes a token; false when there is none, or it was revoked already. */
  revoke(id: string, at: number): Promise<boolean> {
    return this.#control.run(() => {
      return (
        this.#db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
          .changes === 1
      );
    });
  }

  touch(id: string, at: number): void {
    this.#control.soon(() => this.#touch.run(at, id), `api-token:${id}`);
  }
}
