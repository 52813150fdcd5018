-- Touches logged from mail remember the message they came from, so reading
-- the same message again (a rerun of `kith mail scan`, a message piped twice)
-- logs nothing twice. Keyed by the note: a merge that moves the note keeps
-- it, and deleting the note forgets it.
CREATE TABLE mail_touch (
    note_id     INTEGER PRIMARY KEY REFERENCES note(id) ON DELETE CASCADE,
    message_id  TEXT NOT NULL
);
CREATE INDEX mail_touch_message ON mail_touch(message_id);
