import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/**
 * Schema migrations, applied in order; `user_version` records how many have run.
 * Append only: a released migration is never edited.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX doc_updates_by_doc ON doc_updates (doc_id, seq);
  CREATE TABLE docs (
    doc_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    last_seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX docs_by_last_seq ON docs (last_seq);
  CREATE TABLE doc_readers (
    doc_id TEXT NOT NULL,
    principal TEXT NOT NULL,
    PRIMARY KEY (doc_id, principal)
  ) WITHOUT ROWID;
  CREATE INDEX doc_readers_by_principal ON doc_readers (principal, doc_id);
  CREATE TABLE task_index (
    doc_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    issuer_id TEXT NOT NULL,
    issuer_unit_id TEXT NOT NULL,
    deadline TEXT NOT NULL,
    recipients TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT
  ) WITHOUT ROWID;
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    position TEXT NOT NULL,
    rank INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units (id),
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX users_by_unit ON users (unit_id);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    doc_id TEXT,
    detail TEXT
  );
  `,
  // Conversation membership, projected from conv docs (docs/design.md §5).
  `
  CREATE TABLE conv_members (
    doc_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (doc_id, person_id)
  ) WITHOUT ROWID;
  CREATE INDEX conv_members_by_person ON conv_members (person_id, doc_id);
  `,
  // Docs that take their readers from another doc: a conversation's monthly message logs.
  `
  ALTER TABLE docs ADD COLUMN parent_id TEXT;
  CREATE INDEX docs_by_parent ON docs (parent_id) WHERE parent_id IS NOT NULL;
  `,
  // Each Yjs client id belongs to the person who first wrote with it in the doc (docs/design.md §11).
  `
  CREATE TABLE doc_clients (
    doc_id TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (doc_id, client_id)
  ) WITHOUT ROWID;
  `,
  // Attachments (docs/design.md §13): stored blobs with their sniffed type, who holds each
  // (uploaded or claimed it), which docs reference it and in whose name, the tus uploads in
  // progress and what each person uploaded per Vietnam-time day.
  `
  CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    stored_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE blob_holders (
    sha256 TEXT NOT NULL,
    person_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (sha256, person_id)
  ) WITHOUT ROWID;
  CREATE TABLE blob_refs (
    sha256 TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    PRIMARY KEY (sha256, doc_id, author_id)
  ) WITHOUT ROWID;
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE upload_usage (
    person_id TEXT NOT NULL,
    day TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (person_id, day)
  ) WITHOUT ROWID;
  `,
  // Reminders pushed while the app is closed (docs/design.md §16): the relay's VAPID key pair
  // (kept with the subscriptions made for it), each device's push subscription (one person's
  // each), the due times of every person's pending reminders (projected from `user/<id>` in the
  // write's transaction, without their text) and the due time each was last pushed for.
  `
  CREATE TABLE push_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE push_subscriptions (
    endpoint TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX push_subscriptions_by_person ON push_subscriptions (person_id, updated_at);
  CREATE TABLE reminder_due (
    person_id TEXT NOT NULL,
    reminder_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, reminder_id)
  ) WITHOUT ROWID;
  CREATE INDEX reminder_due_by_time ON reminder_due (due_at);
  CREATE TABLE reminder_pushes (
    person_id TEXT NOT NULL,
    reminder_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, reminder_id)
  ) WITHOUT ROWID;
  `,
  // 7: official documents' registers (docs/design.md §18): one row per document, its number in its
  // unit's register for the year once the relay gave it; a number is never given twice.
  `
  CREATE TABLE dossiers (
    doc_id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL,
    register TEXT NOT NULL,
    year INTEGER,
    number INTEGER,
    dedupe_key TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX dossiers_by_number ON dossiers (unit_id, register, year, number) WHERE number IS NOT NULL;
  CREATE INDEX dossiers_awaiting ON dossiers (created_at) WHERE number IS NULL;
  CREATE INDEX dossiers_by_dedupe ON dossiers (unit_id, register, dedupe_key);
  `,
  // 8: running it for a city (docs/operations.md): system roles (administrator, inspector), a
  // password that must be changed at next sign-in, the HR division, two-step sign-in (TOTP secret
  // and one-time recovery codes), what each session's device is and when it was last seen,
  // units created, renamed or merged by an administrator, the integration API's tokens (stored
  // hashed) and its idempotency keys, and the audit log's indexes for the viewer.
  `
  ALTER TABLE users ADD COLUMN roles TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN division TEXT NOT NULL DEFAULT '';
  ALTER TABLE users ADD COLUMN password_changed_at INTEGER;
  ALTER TABLE users ADD COLUMN totp_secret TEXT;
  ALTER TABLE users ADD COLUMN totp_enabled_at INTEGER;
  ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
  ALTER TABLE users ADD COLUMN disabled_at INTEGER;
  CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, code_hash)
  ) WITHOUT ROWID;
  ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
  ALTER TABLE sessions ADD COLUMN ip TEXT NOT NULL DEFAULT '';
  ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
  ALTER TABLE sessions ADD COLUMN second_factor_pending INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE units ADD COLUMN merged_into TEXT;
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    acting_id TEXT NOT NULL REFERENCES users (id),
    scopes TEXT NOT NULL,
    units TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_used_at INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE api_requests (
    token_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (token_id, idempotency_key)
  ) WITHOUT ROWID;
  CREATE INDEX audit_log_by_at ON audit_log (at);
  CREATE INDEX audit_log_by_actor ON audit_log (actor_id, at);
  CREATE INDEX audit_log_by_doc ON audit_log (doc_id, at) WHERE doc_id IS NOT NULL;
  `,
  // 9: the assignment index behind leaders' figures (docs/design.md §14): one row per active
  // assignment with the relay's times, written in each write's transaction. `index_builds`
  // records that it was rebuilt from the stored docs once (dashboard/rebuild-index.ts), which
  // the relay does on its first start after this migration.
  `
  CREATE TABLE assignment_index (
    task_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    issuer_id TEXT NOT NULL,
    issuer_unit_id TEXT NOT NULL,
    source_level TEXT NOT NULL,
    parent_task_id TEXT,
    monitor_units TEXT NOT NULL,
    status TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    read_at INTEGER,
    reported_at INTEGER,
    completed_at INTEGER,
    deadline TEXT NOT NULL,
    effective_deadline TEXT NOT NULL,
    extended_at INTEGER,
    extension_pending INTEGER NOT NULL,
    percent INTEGER,
    PRIMARY KEY (task_id, recipient_id)
  ) WITHOUT ROWID;
  CREATE INDEX assignment_index_by_recipient ON assignment_index (recipient_id);
  CREATE INDEX assignment_index_by_issuer_unit ON assignment_index (issuer_unit_id);
  CREATE TABLE index_builds (
    name TEXT PRIMARY KEY,
    built_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

/**
 * Opens (creating if needed) the database with the durability settings docs/design.md §3 requires.
 * better-sqlite3 reopens an existing WAL database with synchronous=NORMAL, so both pragmas are
 * set explicitly on every open.
 */
export function openDatabase(path: string): SqliteDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let version = applied; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
