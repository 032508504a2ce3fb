import type { OrgUnit } from '@thongsuot/shared';
import { SYSTEM_ROLES, type SystemRole } from '../storage/account-store.ts';
import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import { type Prepare, preparedOnce } from '../storage/statement-cache.ts';

/** One account as the administrator's list shows it. */
export interface AccountRow {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly position: string;
  readonly rank: number;
  readonly unitId: string;
  readonly unitName: string | null;
  readonly division: string;
  readonly phone: string;
  readonly email: string;
  readonly disabled: boolean;
  readonly disabledAt: number | null;
  readonly roles: SystemRole[];
  readonly mustChangePassword: boolean;
  readonly totpEnabled: boolean;
}

/** One sign-in session (a device), without its token hash. */
export interface SessionRow {
  readonly tokenHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly lastSeenAt: number | null;
  readonly userAgent: string;
  readonly ip: string;
}

export interface UnitRow extends OrgUnit {
  readonly mergedInto: string | null;
  /** Accounts whose unit it is. */
  readonly people: number;
}

/** A new account as written by `insertAccounts`; its password already hashed. */
export interface NewAccount {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly position: string;
  readonly rank: number;
  readonly unitId: string;
  readonly division: string;
  readonly phone: string;
  readonly email: string;
  readonly passwordHash: string;
}

interface UserRow {
  id: string;
  username: string;
  full_name: string;
  position: string;
  rank: number;
  unit_id: string;
  unit_name: string | null;
  division: string;
  phone: string;
  email: string;
  disabled: number;
  disabled_at: number | null;
  roles: string;
  must_change_password: number;
  totp_enabled_at: number | null;
}

function toRow(r: UserRow): AccountRow {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    position: r.position,
    rank: r.rank,
    unitId: r.unit_id,
    unitName: r.unit_name,
    division: r.division,
    phone: r.phone,
    email: r.email,
    disabled: r.disabled !== 0,
    disabledAt: r.disabled_at,
    roles: r.roles.split(',').filter((x): x is SystemRole => (SYSTEM_ROLES as readonly string[]).includes(x)),
    mustChangePassword: r.must_change_password !== 0,
    totpEnabled: r.totp_enabled_at !== null,
  };
}

const ACCOUNT_COLUMNS = `u.id, u.username, u.full_name, u.position, u.rank, u.unit_id, n.name AS unit_name, u.division,
  u.phone, u.email, u.disabled, u.disabled_at, u.roles, u.must_change_password, u.totp_enabled_at
  FROM users u LEFT JOIN units n ON n.id = u.unit_id`;

/**
 * What the administrator's console reads and writes in the accounts database (users, sessions,
 * units), beside AccountStore's sign-in path. Each write is one statement or one transaction.
 */
export class AdminStore {
  /** Writes go through the database's control (storage/control-writes.ts): they resolve once durable. */
  readonly #control: ControlWrites;
  readonly #prepare: Prepare;

  constructor(db: SqliteDatabase) {
    this.#control = controlOf(db);
    this.#prepare = preparedOnce(db);
  }

  /** Every account, or those of one unit / one status; the caller searches and pages. */
  accounts(filter: { unitId?: string; disabled?: boolean }): AccountRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.unitId !== undefined) {
      where.push('u.unit_id = ?');
      args.push(filter.unitId);
    }
    if (filter.disabled !== undefined) {
      where.push('u.disabled = ?');
      args.push(filter.disabled ? 1 : 0);
    }
    const sql = `SELECT ${ACCOUNT_COLUMNS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    return (this.#prepare(sql).all(...args) as UserRow[]).map(toRow);
  }

  account(id: string): AccountRow | null {
    const row = this.#prepare(`SELECT ${ACCOUNT_COLUMNS} WHERE u.id = ?`).get(id) as UserRow | undefined;
    return row ? toRow(row) : null;
  }

  /** Sessions of a person, newest first (ended ones too, up to `limit`). */
  sessionsOf(userId: string, limit = 50): SessionRow[] {
    return this.#prepare(
      `SELECT token_hash AS tokenHash, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt,
         last_seen_at AS lastSeenAt, user_agent AS userAgent, ip FROM sessions WHERE user_id = ?
         ORDER BY created_at DESC LIMIT ?`,
    ).all(userId, limit) as SessionRow[];
  }

  /** Hashes of sessions not revoked and not expired (the admin's revoke looks its public id up among them). */
  liveSessionHashes(now: number): { tokenHash: string; userId: string }[] {
    return this.#prepare(
      'SELECT token_hash AS tokenHash, user_id AS userId FROM sessions WHERE revoked_at IS NULL AND expires_at > ?',
    ).all(now) as { tokenHash: string; userId: string }[];
  }

  revokeSession(tokenHash: string, now: number): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(
        now,
        tokenHash,
      );
    });
  }

  /** Ends every session of a person; returns the hashes it ended. */
  revokeSessionsOf(userId: string, now: number): Promise<string[]> {
    return this.#control.run(() => {
      const hashes = this.#prepare('SELECT token_hash FROM sessions WHERE user_id = ? AND revoked_at IS NULL')
        .pluck()
        .all(userId) as string[];
      this.#prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, userId);
      return hashes;
    });
  }

  usernameTaken(username: string): boolean {
    return this.#prepare('SELECT 1 FROM users WHERE username = ?').get(username) !== undefined;
  }

  /** Usernames and (lowercased, non-empty) e-mail addresses already in use. */
  identifiers(): { usernames: Set<string>; emails: Set<string> } {
    const rows = this.#prepare('SELECT username, email FROM users').all() as { username: string; email: string }[];
    return {
      usernames: new Set(rows.map((r) => r.username)),
      emails: new Set(rows.map((r) => r.email.trim().toLowerCase()).filter((e) => e !== '')),
    };
  }

  /** Writes every account in one transaction: all or none (a username taken meanwhile aborts it). */
  insertAccounts(accounts: readonly NewAccount[]): Promise<void> {
    const insert = this.#prepare(
      `INSERT INTO users (id, username, full_name, position, rank, unit_id, phone, email, password_hash, division,
         must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    return this.#control.run(() => {
      for (const a of accounts) {
        insert.run(
          a.id,
          a.username,
          a.fullName,
          a.position,
          a.rank,
          a.unitId,
          a.phone,
          a.email,
          a.passwordHash,
          a.division,
        );
      }
    });
  }

  setDisabled(userId: string, disabled: boolean, now: number): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE users SET disabled = ?, disabled_at = ? WHERE id = ?').run(
        disabled ? 1 : 0,
        disabled ? now : null,
        userId,
      );
    });
  }

  /** A temporary password: to be changed at the next sign-in. */
  setTemporaryPassword(userId: string, passwordHash: string): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE users SET password_hash = ?, must_change_password = 1 WHERE id = ?').run(
        passwordHash,
        userId,
      );
    });
  }

  /** Enabled administrators other than `exceptId`. */
  otherAdmins(exceptId: string): number {
    return (
      this.#prepare("SELECT id, roles FROM users WHERE disabled = 0 AND id != ? AND roles LIKE '%admin%'").all(
        exceptId,
      ) as { roles: string }[]
    ).filter((r) => r.roles.split(',').includes('admin')).length;
  }

  units(): UnitRow[] {
    return (
      this.#prepare(
        `SELECT n.id, n.name, n.kind, n.parent_id, n.merged_into, (SELECT COUNT(*) FROM users u WHERE u.unit_id = n.id) AS people
           FROM units n ORDER BY n.kind, n.name`,
      ).all() as {
        id: string;
        name: string;
        kind: OrgUnit['kind'];
        parent_id: string | null;
        merged_into: string | null;
        people: number;
      }[]
    ).map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      parentId: r.parent_id,
      mergedInto: r.merged_into,
      people: r.people,
    }));
  }

  unit(id: string): UnitRow | null {
    return this.units().find((u) => u.id === id) ?? null;
  }

  insertUnit(unit: OrgUnit): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('INSERT INTO units (id, name, kind, parent_id) VALUES (?, ?, ?, ?)').run(
        unit.id,
        unit.name,
        unit.kind,
        unit.parentId,
      );
    });
  }

  renameUnit(id: string, name: string): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE units SET name = ? WHERE id = ?').run(name, id);
    });
  }

  /**
   * The merge's accounts part, in one transaction: every person of `from` moves to `into`, `from`
   * is marked merged, and units merged into `from` earlier now point at `into` too. Returns the
   * ids of the people moved.
   */
  mergeUnit(from: string, into: string): Promise<string[]> {
    return this.#control.run(() => {
      const moved = this.#prepare('SELECT id FROM users WHERE unit_id = ?').pluck().all(from) as string[];
      this.#prepare('UPDATE users SET unit_id = ? WHERE unit_id = ?').run(into, from);
      this.#prepare('UPDATE units SET merged_into = ? WHERE id = ? OR merged_into = ?').run(into, from, from);
      return moved;
    });
  }

  /** People of a unit (ids), for closing their sockets after a merge. */
  peopleOf(unitId: string): string[] {
    return this.#prepare('SELECT id FROM users WHERE unit_id = ?').pluck().all(unitId) as string[];
  }
}
