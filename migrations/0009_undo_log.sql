-- Undo: each change is one step; per-connection triggers generated from the
-- live schema (src/store/undo.rs) record, in the change's own transaction,
-- what each written row was, so the step can be reversed later.
CREATE TABLE undo_step (
    id          INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,           -- what was done, e.g. "Logged talk for Anna de Vries"
    created_at  TEXT NOT NULL,
    entries     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE undo_log (
    seq    INTEGER PRIMARY KEY,
    step   INTEGER NOT NULL REFERENCES undo_step(id) ON DELETE CASCADE,
    tbl    TEXT NOT NULL,
    op     TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),  -- the write made; undone by its inverse
    rid    INTEGER,   -- the row's rowid (tables with rowids)
    key    TEXT,      -- JSON of the primary key after the write (WITHOUT ROWID tables)
    old    TEXT       -- JSON of the row before the write: every column (D), those changed (U)
);
CREATE INDEX undo_log_step ON undo_log(step, seq);

-- The archive, listed on its own (live people have person_sort_key).
CREATE INDEX person_archived_sort ON person(sort_key, id) WHERE archived_at IS NOT NULL;
