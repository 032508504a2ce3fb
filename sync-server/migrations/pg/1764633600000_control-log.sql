-- One log of the relay's own records (docs/scale-out.md): accounts, sessions, second steps,
-- push subscriptions, API tokens, the attachments' ledger. Each row is one change: the SQLite
-- statements a node ran, which every node applies to its own SQLite in `seq` order. Rows are
-- appended under an advisory lock, so numbers are drawn in commit order.

-- Up Migration
CREATE TABLE control_log (
  seq bigserial PRIMARY KEY,
  node text NOT NULL,
  at bigint NOT NULL,
  statements jsonb NOT NULL
);
