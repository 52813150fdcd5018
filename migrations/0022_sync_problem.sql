-- Files of a card folder that are not one card (several cards in one file, a
-- file that cannot be read or is no vCard), with why: a pull names each once
-- and then passes over it while it stays as it was (its hash, or its size,
-- mtime and inode when it cannot be read); `kith vdir status` names them all.
-- Not undone with a change: it describes files outside the store.
CREATE TABLE sync_problem (
    dir      TEXT NOT NULL,
    file     TEXT NOT NULL,
    hash     TEXT NOT NULL,    -- '' for a file that could not be read
    problem  TEXT NOT NULL,
    size     INTEGER NOT NULL,
    mtime    INTEGER NOT NULL,
    inode    INTEGER NOT NULL,
    PRIMARY KEY (dir, file)
) WITHOUT ROWID;
