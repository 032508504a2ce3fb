import type { Official, OrgUnit } from '@thongsuot/shared';
import { type ControlWrites, controlOf } from './control-writes.ts';
import type { SqliteDatabase } from './sqlite-database.ts';
import { type Prepare, preparedOnce } from './statement-cache.ts';

/** System roles, beyond what the unit pages say (docs/operations.md). */
export type SystemRole = 'admin' | 'inspector';
export const SYSTEM_ROLES: readonly SystemRole[] = ['admin', 'inspector'];

export interface Account extends Official {
  readonly passwordHash: string;
  readonly disabled: boolean;
  readonly roles: readonly SystemRole[];
  /** Set by an administrator's reset: the next sign-in must choose a new password first. */
  readonly mustChangePassword: boolean;
  /** The HR division (phòng/ban) the person works in, as imported. */
  readonly division: string;
  /** Two-step sign-in is on (a confirmed TOTP secret). */
  readonly totpEnabled: boolean;
  /** Units merged into the person's unit (admin/unit-admin.ts): the person acts for them too. */
  readonly mergedUnitIds?: readonly string[];
}

export interface SessionRecord {
  readonly userId: string;
  readonly expiresAt: number;
  /** When a request or socket last used it (refreshed at most once a minute, auth/sessions.ts). */
  readonly lastSeenAt: number | null;
}

interface UserRow {
  id: string;
  username: string;
  full_name: string;
  position: string;
  rank: number;
  unit_id: string;
  phone: string;
  email: string;
  password_hash: string;
  disabled: number;
  roles: string;
  must_change_password: number;
  division: string;
  totp_enabled_at: number | null;
}

function toAccount(row: UserRow): Account {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    position: row.position,
    rank: row.rank,
    unitId: row.unit_id,
    phone: row.phone,
    email: row.email,
    passwordHash: row.password_hash,
    disabled: row.disabled !== 0,
    roles: row.roles
      ? row.roles.split(',').filter((r): r is SystemRole => (SYSTEM_ROLES as readonly string[]).includes(r))
      : [],
    mustChangePassword: row.must_change_password !== 0,
    division: row.division,
    totpEnabled: row.totp_enabled_at !== null,
  };
}

/** Units, officials and sign-in sessions. */
export class AccountStore {
  /** Writes go through the database's control (control-writes.ts): they resolve once durable. */
  readonly #control: ControlWrites;
  /** Prepared once each: the session check runs for every open socket every few seconds. */
  readonly #prepare: Prepare;

  constructor(db: SqliteDatabase) {
    this.#control = controlOf(db);
    this.#prepare = preparedOnce(db);
  }

  isEmpty(): boolean {
    return this.#prepare('SELECT COUNT(*) FROM users').pluck().get() === 0;
  }

  /** Runs `write` as one change of the relay's own records (for seeding several stores at once). */
  change<T>(write: () => T): Promise<T> {
    return this.#control.run(write);
  }

  /** Synchronous, for use inside `change`. */
  insertUnits(units: readonly OrgUnit[]): void {
    const insert = this.#prepare('INSERT OR REPLACE INTO units (id, name, kind, parent_id) VALUES (?, ?, ?, ?)');
    for (const u of units) insert.run(u.id, u.name, u.kind, u.parentId);
  }

  /** Synchronous, for use inside `change`. */
  insertAccounts(accounts: readonly (Official & { passwordHash: string })[]): void {
    const insert = this.#prepare(
      `INSERT OR REPLACE INTO users (id, username, full_name, position, rank, unit_id, phone, email, password_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const a of accounts) {
      insert.run(a.id, a.username, a.fullName, a.position, a.rank, a.unitId, a.phone, a.email, a.passwordHash);
    }
  }

  /** A disabled person can no longer sign in, and their open sessions end (`SessionWatch`). */
  setDisabled(userId: string, disabled: boolean): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, userId);
    });
  }

  setRoles(userId: string, roles: readonly SystemRole[]): Promise<void> {
    return this.#control.run(() => this.assignRoles(userId, roles));
  }

  /** Synchronous, for use inside `change`. */
  assignRoles(userId: string, roles: readonly SystemRole[]): void {
    this.#prepare('UPDATE users SET roles = ? WHERE id = ?').run([...new Set(roles)].sort().join(','), userId);
  }

  /** Whether a session with this token hash was ever made (live or not): a miss may be a change not yet read. */
  knowsSession(tokenHash: string): boolean {
    return this.#prepare('SELECT 1 FROM sessions WHERE token_hash = ?').pluck().get(tokenHash) !== undefined;
  }

  byUsername(username: string): Account | null {
    const row = this.#prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row ? toAccount(row) : null;
  }

  byId(id: string): Account | null {
    const row = this.#prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    if (!row) return null;
    const merged = this.#prepare('SELECT id FROM units WHERE merged_into = ?').pluck().all(row.unit_id) as string[];
    return merged.length ? { ...toAccount(row), mergedUnitIds: merged } : toAccount(row);
  }

  units(): OrgUnit[] {
    return (
      this.#prepare('SELECT id, name, kind, parent_id FROM units ORDER BY kind, name').all() as {
        id: string;
        name: string;
        kind: OrgUnit['kind'];
        parent_id: string | null;
      }[]
    ).map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id }));
  }

  officials(): Official[] {
    return (this.#prepare('SELECT * FROM users WHERE disabled = 0 ORDER BY unit_id, rank').all() as UserRow[]).map(
      (row) => {
        const a = toAccount(row);
        return {
          id: a.id,
          username: a.username,
          fullName: a.fullName,
          position: a.position,
          rank: a.rank,
          unitId: a.unitId,
          phone: a.phone,
          email: a.email,
        };
      },
    );
  }

  createSession(tokenHash: string, userId: string, now: number, expiresAt: number): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
        tokenHash,
        userId,
        now,
        expiresAt,
      );
    });
  }

  /**
   * A live session that may do anything its person may. One still at its second step or at a
   * forced two-step enrolment (auth/security-store.ts `SessionStage`), or of an account that must
   * first change its password, is not one: the socket and every route but the security ones refuse it.
   */
  session(tokenHash: string, now: number): SessionRecord | null {
    const row = this.#prepare(
      `SELECT s.user_id AS userId, s.expires_at AS expiresAt, s.last_seen_at AS lastSeenAt
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0
           AND s.second_factor_pending = 0 AND u.must_change_password = 0`,
    ).get(tokenHash, now) as SessionRecord | undefined;
    return row ?? null;
  }

  /** Records that the session was just used (the person's list of devices shows it). */
  touchSession(tokenHash: string, now: number): void {
    this.#control.soon(() => {
      this.#prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, tokenHash);
    }, `session:${tokenHash}`);
  }

  revokeSession(tokenHash: string, now: number): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?').run(now, tokenHash);
    });
  }

  audit(at: number, actorId: string | null, action: string, detail: string | null): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('INSERT INTO audit_log (at, actor_id, action, doc_id, detail) VALUES (?, ?, ?, NULL, ?)').run(
        at,
        actorId,
        action,
        detail,
      );
    });
  }
}
