import { type ControlWrites, controlOf } from '../storage/control-writes.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';

/** A device's Web Push subscription, as its browser gave it (docs/design.md §16). */
export interface PushSubscriptionRow {
  readonly endpoint: string;
  readonly personId: string;
  readonly p256dh: string;
  readonly auth: string;
}

/** A reminder that fell due and has not been pushed for that due time. */
/** Where due times are read on several nodes (storage/pg/pg-reminders.ts). */
export type RemindersDue = (until: number, since: number, limit: number) => Promise<DueReminder[]>;

export interface DueReminder {
  readonly personId: string;
  readonly reminderId: string;
  readonly dueAt: number;
}

export type PutOutcome = 'stored' | 'taken';

/**
 * The relay's push tables on the main thread's connection: the VAPID key pair, subscriptions,
 * and what was pushed. `reminder_due` itself is written by the doc store in each write's
 * transaction (sqlite-doc-store.ts) and only read here.
 */
export class PushStore {
  /** Writes go through the database's control (storage/control-writes.ts): they resolve once durable. */
  readonly #control: ControlWrites;
  readonly #selectKeys;
  readonly #insertKeys;
  readonly #selectOwner;
  readonly #upsert;
  readonly #countOf;
  readonly #deleteOldest;
  readonly #deleteOwn;
  readonly #deleteEndpoint;
  readonly #subscriptionsOf;
  readonly #selectDue;
  readonly #markPushed;
  readonly #pushed;
  readonly #dueFrom: RemindersDue | undefined;
  readonly #forgetPushed;
  readonly #put;

  constructor(db: SqliteDatabase, dueFrom?: RemindersDue) {
    this.#control = controlOf(db);
    this.#dueFrom = dueFrom;
    this.#pushed = db.prepare('SELECT 1 FROM reminder_pushes WHERE person_id = ? AND reminder_id = ? AND due_at = ?');
    this.#selectKeys = db.prepare(
      'SELECT public_key AS publicKey, private_key AS privateKey FROM push_keys WHERE id = 1',
    );
    this.#insertKeys = db.prepare(
      'INSERT OR IGNORE INTO push_keys (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)',
    );
    this.#selectOwner = db.prepare('SELECT person_id FROM push_subscriptions WHERE endpoint = ?').pluck();
    this.#upsert = db.prepare(
      `INSERT INTO push_subscriptions (endpoint, person_id, p256dh, auth, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth,
         updated_at = excluded.updated_at WHERE person_id = excluded.person_id`,
    );
    this.#countOf = db.prepare('SELECT COUNT(*) FROM push_subscriptions WHERE person_id = ?').pluck();
    this.#deleteOldest = db.prepare(
      `DELETE FROM push_subscriptions WHERE endpoint IN (
         SELECT endpoint FROM push_subscriptions WHERE person_id = ? ORDER BY updated_at, endpoint LIMIT ?)`,
    );
    this.#deleteOwn = db.prepare('DELETE FROM push_subscriptions WHERE endpoint = ? AND person_id = ?');
    this.#deleteEndpoint = db.prepare('DELETE FROM push_subscriptions WHERE endpoint = ?');
    this.#subscriptionsOf = db.prepare(
      'SELECT endpoint, person_id AS personId, p256dh, auth FROM push_subscriptions WHERE person_id = ?',
    );
    // Due within the window, not yet pushed for this due time, and someone to push to.
    this.#selectDue = db.prepare(
      `SELECT d.person_id AS personId, d.reminder_id AS reminderId, d.due_at AS dueAt
       FROM reminder_due d
       LEFT JOIN reminder_pushes p
         ON p.person_id = d.person_id AND p.reminder_id = d.reminder_id AND p.due_at = d.due_at
       WHERE d.due_at <= ? AND d.due_at > ? AND p.person_id IS NULL
         AND EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.person_id = d.person_id)
       ORDER BY d.due_at LIMIT ?`,
    );
    this.#markPushed = db.prepare(
      // A new due time (a snooze) replaces the record; the same due time again changes nothing.
      `INSERT INTO reminder_pushes (person_id, reminder_id, due_at, sent_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (person_id, reminder_id) DO UPDATE SET due_at = excluded.due_at, sent_at = excluded.sent_at
       WHERE reminder_pushes.due_at <> excluded.due_at`,
    );
    // Records of reminders deleted or done since: nothing will be pushed for them again.
    this.#forgetPushed = db.prepare(
      `DELETE FROM reminder_pushes WHERE sent_at < ? AND NOT EXISTS (
         SELECT 1 FROM reminder_due d WHERE d.person_id = reminder_pushes.person_id
           AND d.reminder_id = reminder_pushes.reminder_id)`,
    );
    this.#put = db.transaction((row: PushSubscriptionRow, at: number, maxPerPerson: number): PutOutcome => {
      const owner = this.#selectOwner.get(row.endpoint) as string | undefined;
      // An endpoint is one browser's: another person may not take it over or change its keys.
      if (owner !== undefined && owner !== row.personId) return 'taken';
      if (owner === undefined) {
        const excess = (this.#countOf.get(row.personId) as number) - maxPerPerson + 1;
        // The devices not seen for longest make room: a re-PUT on each start keeps the rest fresh.
        if (excess > 0) this.#deleteOldest.run(row.personId, excess);
      }
      this.#upsert.run(row.endpoint, row.personId, row.p256dh, row.auth, at, at);
      return 'stored';
    });
  }

  /** The stored VAPID key pair, or this one stored first (kept with the subscriptions made for it). */
  async keys(
    make: () => { publicKey: string; privateKey: string },
    at: number,
  ): Promise<{ publicKey: string; privateKey: string }> {
    const stored = this.#selectKeys.get() as { publicKey: string; privateKey: string } | undefined;
    if (stored) return stored;
    const made = make();
    // Under the control's lock: nodes starting together keep the first pair stored.
    return this.#control.run(() => {
      this.#insertKeys.run(made.publicKey, made.privateKey, at);
      return this.#selectKeys.get() as { publicKey: string; privateKey: string };
    });
  }

  put(row: PushSubscriptionRow, at: number, maxPerPerson: number): Promise<PutOutcome> {
    return this.#control.run(() => {
      return this.#put(row, at, maxPerPerson);
    });
  }

  /** Removes the person's own subscription; someone else's endpoint is left alone. */
  deleteOwn(endpoint: string, personId: string): Promise<void> {
    return this.#control.run(() => {
      this.#deleteOwn.run(endpoint, personId);
    });
  }

  /** The push service says the subscription is gone (404/410). */
  drop(endpoint: string): Promise<void> {
    return this.#control.run(() => {
      this.#deleteEndpoint.run(endpoint);
    });
  }

  subscriptionsOf(personId: string): PushSubscriptionRow[] {
    return this.#subscriptionsOf.all(personId) as PushSubscriptionRow[];
  }

  /** Reminders due in (`since`, `until`] not pushed for their due time, soonest first. */
  /**
   * Due within the window, not yet pushed for this due time, with someone to push to. On several
   * nodes the due times come from PostgreSQL (`dueFrom`), and are filtered here by what this
   * node's records say was pushed and who has a device.
   */
  async due(until: number, since: number, limit: number): Promise<DueReminder[]> {
    if (!this.#dueFrom) return this.#selectDue.all(until, since, limit) as DueReminder[];
    return (await this.#dueFrom(until, since, limit * 4))
      .filter(
        (r) =>
          this.#pushed.get(r.personId, r.reminderId, r.dueAt) === undefined &&
          this.#subscriptionsOf.get(r.personId) !== undefined,
      )
      .slice(0, limit);
  }

  /**
   * Records these reminders as pushed, and returns those this call recorded: on several nodes
   * every node may find the same reminder due, and only the one whose record lands first in the
   * log pushes it.
   */
  markPushed(reminders: readonly DueReminder[], at: number): Promise<DueReminder[]> {
    return this.#control.run(() =>
      reminders.filter((r) => this.#markPushed.run(r.personId, r.reminderId, r.dueAt, at).changes === 1),
    );
  }

  /** Drops push records older than `before` whose reminder is no longer pending. */
  forgetPushed(before: number): Promise<void> {
    return this.#control.run(() => {
      this.#forgetPushed.run(before);
    });
  }
}
