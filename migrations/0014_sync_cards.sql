-- Two-way sync of people with a vdir of vCards (kith vdir pull/push).
--
-- Notes and meetings get stable ids, so the same note on two devices is
-- recognised as one (events already have a uid). Every note or meeting gets
-- one when it is written, by whatever path, through the triggers below.
ALTER TABLE note ADD COLUMN uuid TEXT;
ALTER TABLE meeting ADD COLUMN uuid TEXT;

-- A random (version 4) UUID, computed per row.
UPDATE note SET uuid =
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) WHERE uuid IS NULL;
UPDATE meeting SET uuid =
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) WHERE uuid IS NULL;
CREATE UNIQUE INDEX note_uuid ON note(uuid);
CREATE UNIQUE INDEX meeting_uuid ON meeting(uuid);

CREATE TRIGGER note_uuid_ai AFTER INSERT ON note WHEN NEW.uuid IS NULL BEGIN
    UPDATE note SET uuid =
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) WHERE id = NEW.id;
END;
CREATE TRIGGER meeting_uuid_ai AFTER INSERT ON meeting WHEN NEW.uuid IS NULL BEGIN
    UPDATE meeting SET uuid =
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6))) WHERE id = NEW.id;
END;

-- What Kith knows of each card file in a vdir it syncs with: the file name
-- (never changed by Kith), the card's text as last seen or written (the base
-- of a three-way merge), its hash and size, mtime and inode (to skip reading
-- a file that did not change), the REV Kith last wrote, and Kith's own side
-- as of that text (JSON), to tell what changed in Kith since.
-- Not undone with a change: it describes files outside the store.
CREATE TABLE sync_card (
    id         INTEGER PRIMARY KEY,
    dir        TEXT NOT NULL,
    file       TEXT NOT NULL,
    uid        TEXT NOT NULL,
    person_id  INTEGER REFERENCES person(id) ON DELETE SET NULL,
    base       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    kith       TEXT NOT NULL,
    rev        TEXT,
    size       INTEGER NOT NULL,
    mtime      INTEGER NOT NULL,
    inode      INTEGER NOT NULL,
    -- The Kith note the card's NOTE shows, updated in place.
    note_uuid  TEXT,
    UNIQUE (dir, file)
);
CREATE INDEX sync_card_person ON sync_card(person_id);

-- UIDs of people deleted in Kith whose card was removed from a vdir: a copy
-- of the card coming back from elsewhere is removed again, not re-imported.
CREATE TABLE sync_tombstone (
    dir         TEXT NOT NULL,
    uid         TEXT NOT NULL,
    deleted_at  TEXT NOT NULL,
    PRIMARY KEY (dir, uid)
) WITHOUT ROWID;
