-- Every follow-up gets a UUID of its own: its UID as a task in a CalDAV task
-- list, the same on every device the task reaches (rowids differ from store
-- to store, so a UID made of one would collide).
ALTER TABLE reminder ADD COLUMN uid TEXT;
UPDATE reminder SET uid =
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
    || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
    || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)));
CREATE UNIQUE INDEX reminder_uid ON reminder(uid);
-- Kith's own writes give the UUID; anything else that adds a row gets one here.
CREATE TRIGGER reminder_uid_ai AFTER INSERT ON reminder WHEN NEW.uid IS NULL BEGIN
    UPDATE reminder SET uid =
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
        || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))
    WHERE id = NEW.id;
END;

-- What Kith last saw of each task in a task folder (a vdir, one .ics per
-- follow-up): the file's name (never changed by Kith), its text (the base of
-- a three-way merge), a hash of it and the file's size, mtime and inode, so
-- a pull reads only the files that changed since. Not undone with a change:
-- it describes files outside the store.
CREATE TABLE sync_task (
    folder    TEXT NOT NULL,     -- the task folder, an absolute path
    uid       TEXT NOT NULL,     -- the task's UID: a reminder's uid
    file      TEXT NOT NULL,     -- its file name in the folder
    base      TEXT NOT NULL,     -- the text last seen there or written
    hash      TEXT NOT NULL,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,
    inode     INTEGER NOT NULL,
    PRIMARY KEY (folder, uid)
) WITHOUT ROWID;
CREATE UNIQUE INDEX sync_task_file ON sync_task(folder, file);
