-- The document store on PostgreSQL (docs/scale-out.md): the same tables as SQLite's migrations
-- 1–9 that the writes' transactions fill. Times are milliseconds since the epoch (bigint).

-- Up Migration
CREATE TABLE doc_updates (
  seq bigserial PRIMARY KEY,
  doc_id text NOT NULL,
  data bytea NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX doc_updates_by_doc ON doc_updates (doc_id, seq);

CREATE TABLE docs (
  doc_id text PRIMARY KEY,
  kind text NOT NULL,
  last_seq bigint NOT NULL,
  parent_id text
);
CREATE INDEX docs_by_last_seq ON docs (last_seq);
CREATE INDEX docs_by_parent ON docs (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE doc_readers (
  doc_id text NOT NULL,
  principal text NOT NULL,
  PRIMARY KEY (doc_id, principal)
);
CREATE INDEX doc_readers_by_principal ON doc_readers (principal, doc_id);

CREATE TABLE doc_clients (
  doc_id text NOT NULL,
  client_id bigint NOT NULL,
  person_id text NOT NULL,
  PRIMARY KEY (doc_id, client_id)
);

CREATE TABLE task_index (
  doc_id text PRIMARY KEY,
  title text NOT NULL,
  issuer_id text NOT NULL,
  issuer_unit_id text NOT NULL,
  deadline text NOT NULL,
  recipients text NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE conv_members (
  doc_id text NOT NULL,
  person_id text NOT NULL,
  role text NOT NULL,
  PRIMARY KEY (doc_id, person_id)
);
CREATE INDEX conv_members_by_person ON conv_members (person_id, doc_id);

CREATE TABLE blob_refs (
  sha256 text NOT NULL,
  doc_id text NOT NULL,
  author_id text NOT NULL,
  PRIMARY KEY (sha256, doc_id, author_id)
);

CREATE TABLE reminder_due (
  person_id text NOT NULL,
  reminder_id text NOT NULL,
  due_at bigint NOT NULL,
  PRIMARY KEY (person_id, reminder_id)
);
CREATE INDEX reminder_due_by_time ON reminder_due (due_at);

CREATE TABLE dossiers (
  doc_id text PRIMARY KEY,
  unit_id text NOT NULL,
  register text NOT NULL,
  year integer,
  number integer,
  dedupe_key text NOT NULL,
  created_at bigint NOT NULL
);
CREATE UNIQUE INDEX dossiers_by_number ON dossiers (unit_id, register, year, number) WHERE number IS NOT NULL;
CREATE INDEX dossiers_awaiting ON dossiers (created_at) WHERE number IS NULL;
CREATE INDEX dossiers_by_dedupe ON dossiers (unit_id, register, dedupe_key);

CREATE TABLE assignment_index (
  task_id text NOT NULL,
  recipient_id text NOT NULL,
  recipient_kind text NOT NULL,
  issuer_id text NOT NULL,
  issuer_unit_id text NOT NULL,
  source_level text NOT NULL,
  parent_task_id text,
  monitor_units text NOT NULL,
  status text NOT NULL,
  added_at bigint NOT NULL,
  read_at bigint,
  reported_at bigint,
  completed_at bigint,
  deadline text NOT NULL,
  effective_deadline text NOT NULL,
  extended_at bigint,
  extension_pending integer NOT NULL,
  percent integer,
  PRIMARY KEY (task_id, recipient_id)
);
CREATE INDEX assignment_index_by_recipient ON assignment_index (recipient_id);
CREATE INDEX assignment_index_by_issuer_unit ON assignment_index (issuer_unit_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  actor_id text,
  action text NOT NULL,
  doc_id text,
  detail text
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_by_doc ON audit_log (doc_id, at) WHERE doc_id IS NOT NULL;

-- Down Migration
DROP TABLE audit_log, assignment_index, dossiers, reminder_due, blob_refs, conv_members, task_index,
  doc_clients, doc_readers, docs, doc_updates;
