-- Snapshots of the relay's own records (docs/scale-out.md, "The log kept short"): a node's SQLite
-- copy of them as of log number `seq`, in parts of a few megabytes. Log rows up to `seq` are then
-- deleted; a node behind `seq` starts from the snapshot.

-- Up Migration
CREATE TABLE control_snapshots (
  seq bigint NOT NULL,
  part integer NOT NULL,
  data bytea NOT NULL,
  taken_at bigint NOT NULL,
  PRIMARY KEY (seq, part)
);
