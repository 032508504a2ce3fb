import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import { type Prepare, preparedOnce } from '../storage/statement-cache.ts';

/**
 * What a session may do yet, kept in `sessions.second_factor_pending`:
 * - `full`: signed in.
 * - `second_factor` (1): the password was right and the account has two-step sign-in; nothing but
 *   `POST /api/session/second-factor` (and GET/DELETE `/api/session`) takes it until the code is given.
 * - `enrol` (2): a leader or administrator past the grace period without two-step sign-in; only the
 *   enrolment routes (`/api/me/totp/*`) and GET/DELETE `/api/session` take it.
 * `AccountStore.session` accepts only full sessions, so the socket and every other route refuse the rest.
 */
export type SessionStage = 'full' | 'second_factor' | 'enrol';
const STAGE_CODES: Readonly<Record<SessionStage, number>> = { full: 0, second_factor: 1, enrol: 2 };
const STAGES: readonly SessionStage[] = ['full', 'second_factor', 'enrol'];

/** A session as the security routes see it: live or not, whatever its stage. */
export interface SessionState {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  readonly lastSeenAt: number | null;
  readonly stage: SessionStage;
}

/** One of a person's signed-in devices. */
export interface DeviceSession {
  readonly tokenHash: string;
  readonly userAgent: string;
  readonly ip: string;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
}

/** A person's two-step state: the confirmed secret, and one being set up (not used until confirmed). */
export interface TotpState {
  readonly active: string | null;
  readonly pending: string | null;
  readonly enabledAt: number | null;
}

interface SessionRow {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  stage: number;
}

/**
 * `users.totp_secret` holds `{"active": base32 | null, "pending": base32 | null}`: a new secret is
 * kept beside the confirmed one until its first code is confirmed, so setting up a new phone never
 * leaves the person without a working second step. A bare base32 value counts as confirmed.
 */
function readSecret(raw: string | null): { active: string | null; pending: string | null } {
  if (!raw) return { active: null, pending: null };
  if (!raw.startsWith('{')) return { active: raw, pending: null };
  try {
    const parsed = JSON.parse(raw) as { active?: unknown; pending?: unknown };
    return {
      active: typeof parsed.active === 'string' ? parsed.active : null,
      pending: typeof parsed.pending === 'string' ? parsed.pending : null,
    };
  } catch {
    return { active: null, pending: null };
  }
}

/**
 * The rows behind people's own security (plugins/security-routes.ts): sessions with their device
 * and stage, passwords, two-step secrets and recovery codes.
 */
export class SecurityStore {
  readonly #control: ControlWrites;
  readonly #prepare: Prepare;

  /** Writes go through the database's control (storage/control-writes.ts): they resolve once durable. */
  constructor(db: SqliteDatabase) {
    this.#control = controlOf(db);
    this.#prepare = preparedOnce(db);
  }

  createSession(
    session: { tokenHash: string; userId: string; now: number; expiresAt: number; stage: SessionStage },
    device: { userAgent: string; ip: string },
  ): Promise<void> {
    return this.#control.run(() => {
      this.#prepare(
        `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, user_agent, ip, last_seen_at, second_factor_pending)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        session.tokenHash,
        session.userId,
        session.now,
        session.expiresAt,
        device.userAgent.slice(0, 400),
        device.ip.slice(0, 64),
        session.now,
        STAGE_CODES[session.stage],
      );
    });
  }

  /** The session with this token hash, if it has not expired (revoked ones too: the caller decides). */
  session(tokenHash: string, now: number): SessionState | null {
    const row = this.#prepare(
      `SELECT token_hash AS tokenHash, user_id AS userId, created_at AS createdAt, expires_at AS expiresAt,
         revoked_at AS revokedAt, last_seen_at AS lastSeenAt, second_factor_pending AS stage
         FROM sessions WHERE token_hash = ? AND expires_at > ?`,
    ).get(tokenHash, now) as SessionRow | undefined;
    if (!row) return null;
    return { ...row, stage: STAGES[row.stage] ?? 'second_factor' };
  }

  /**
   * The stage of a live session of an enabled account and whether its person must change their
   * password: what the relay-wide gate needs, in one primary-key lookup.
   */
  restriction(tokenHash: string, now: number): { stage: SessionStage; mustChangePassword: boolean } | null {
    const row = this.#prepare(
      `SELECT s.second_factor_pending AS stage, u.must_change_password AS mustChange
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0`,
    ).get(tokenHash, now) as { stage: number; mustChange: number } | undefined;
    if (!row) return null;
    return { stage: STAGES[row.stage] ?? 'second_factor', mustChangePassword: row.mustChange !== 0 };
  }

  setStage(tokenHash: string, stage: SessionStage): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE sessions SET second_factor_pending = ? WHERE token_hash = ?').run(
        STAGE_CODES[stage],
        tokenHash,
      );
    });
  }

  touch(tokenHash: string, now: number): void {
    this.#control.soon(() => {
      this.#prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, tokenHash);
    }, `session:${tokenHash}`);
  }

  /** When the person first signed in (the two-step grace period counts from it); null if never. */
  firstSessionAt(userId: string): number | null {
    return this.#prepare('SELECT MIN(created_at) FROM sessions WHERE user_id = ?').pluck().get(userId) as number | null;
  }

  /** The person's devices: live sessions past the second step, newest first. */
  devices(userId: string, now: number): DeviceSession[] {
    return this.#prepare(
      `SELECT token_hash AS tokenHash, user_agent AS userAgent, ip, created_at AS createdAt, last_seen_at AS lastSeenAt
         FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND second_factor_pending != 1
         ORDER BY COALESCE(last_seen_at, created_at) DESC LIMIT 200`,
    ).all(userId, now) as DeviceSession[];
  }

  revoke(tokenHash: string, now: number): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(
        now,
        tokenHash,
      );
    });
  }

  /** Ends every live session of the person but `keep`; returns the hashes it ended. */
  revokeOthers(userId: string, keep: string, now: number): Promise<string[]> {
    return this.#control.run(() => {
      const hashes = this.#prepare(
        'SELECT token_hash FROM sessions WHERE user_id = ? AND token_hash != ? AND revoked_at IS NULL AND expires_at > ?',
      )
        .pluck()
        .all(userId, keep, now) as string[];
      this.#prepare(
        'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND token_hash != ? AND revoked_at IS NULL',
      ).run(now, userId, keep);
      return hashes;
    });
  }

  /** A new password: the forced change is done, and when it was changed is kept. */
  setPassword(userId: string, passwordHash: string, now: number): Promise<void> {
    return this.#control.run(() => {
      this.#prepare(
        'UPDATE users SET password_hash = ?, must_change_password = 0, password_changed_at = ? WHERE id = ?',
      ).run(passwordHash, now, userId);
    });
  }

  /** When the account was disabled (null if it is not, or was before that was recorded). */
  disabledAt(userId: string): number | null {
    return this.#prepare('SELECT disabled_at FROM users WHERE id = ?').pluck().get(userId) as number | null;
  }

  totp(userId: string): TotpState {
    const row = this.#prepare('SELECT totp_secret AS secret, totp_enabled_at AS enabledAt FROM users WHERE id = ?').get(
      userId,
    ) as { secret: string | null; enabledAt: number | null } | undefined;
    const secret = readSecret(row?.secret ?? null);
    const enabledAt = row?.enabledAt ?? null;
    return { active: enabledAt === null ? null : secret.active, pending: secret.pending, enabledAt };
  }

  /** Keeps `secret` as the one being set up, beside the confirmed one if any. */
  setPendingSecret(userId: string, secret: string): Promise<void> {
    return this.#control.run(() => {
      const { active } = this.totp(userId);
      this.#prepare('UPDATE users SET totp_secret = ? WHERE id = ?').run(
        JSON.stringify({ active, pending: secret }),
        userId,
      );
    });
  }

  /**
   * Makes the pending secret the confirmed one, with its first code's step used, and replaces the
   * recovery codes, in one transaction.
   */
  enableTotp(
    userId: string,
    secret: string,
    step: number,
    recoveryHashes: readonly string[],
    now: number,
  ): Promise<void> {
    return this.#control.run(() => {
      this.#prepare('UPDATE users SET totp_secret = ?, totp_enabled_at = ?, totp_last_step = ? WHERE id = ?').run(
        JSON.stringify({ active: secret, pending: null }),
        now,
        step,
        userId,
      );
      this.#replaceRecoveryCodes(userId, recoveryHashes, now);
    });
  }

  disableTotp(userId: string): Promise<void> {
    return this.#control.run(() => {
      this.#prepare(
        'UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?',
      ).run(userId);
      this.#prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
    });
  }

  /**
   * Uses up `step`: true only if no code of this step or a later one was accepted before, so each
   * code works once (checked and written in one statement).
   */
  useStep(userId: string, step: number): Promise<boolean> {
    return this.#control.run(
      () =>
        this.#prepare(
          'UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
        ).run(step, userId, step).changes === 1,
    );
  }

  replaceRecoveryCodes(userId: string, hashes: readonly string[], now: number): Promise<void> {
    return this.#control.run(() => this.#replaceRecoveryCodes(userId, hashes, now));
  }

  #replaceRecoveryCodes(userId: string, hashes: readonly string[], now: number): void {
    this.#prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
    const insert = this.#prepare(
      'INSERT OR IGNORE INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)',
    );
    for (const hash of hashes) insert.run(userId, hash, now);
  }

  /** Uses a recovery code: true only the first time (checked and written in one statement). */
  useRecoveryCode(userId: string, hash: string, now: number): Promise<boolean> {
    return this.#control.run(
      () =>
        this.#prepare(
          'UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL',
        ).run(now, userId, hash).changes === 1,
    );
  }

  unusedRecoveryCodes(userId: string): number {
    return this.#prepare('SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL')
      .pluck()
      .get(userId) as number;
  }

  /** Wrong second steps given for a session (they are audited with the session's public id). */
  secondFactorFailures(userId: string, publicId: string, since: number): number {
    return this.#prepare(
      `SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND at >= ? AND action = 'session.second_factor_refused'
         AND detail = ?`,
    )
      .pluck()
      .get(userId, since, publicId) as number;
  }
}
