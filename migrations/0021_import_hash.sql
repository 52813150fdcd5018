-- What each record an import wrote came from: a hash of the record as read
-- (the card's bytes, or the row's fields), the person it went to, and the
-- uid the source gave it. Reading the same record again, unchanged, skips it
-- without parsing, matching or writing anything; a person merged away or
-- deleted takes their hashes along, so their records are read afresh.
CREATE TABLE import_hash (
    hash       TEXT PRIMARY KEY,   -- hex: the undo log keeps keys as JSON, which holds no blobs
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    uid        TEXT
) WITHOUT ROWID;
CREATE INDEX import_hash_person ON import_hash(person_id);
