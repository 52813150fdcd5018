-- The foreign key from a follow-up to the promise it tracks had no index: a
-- note deleted, or a note written before its person in a bulk write (while
-- a foreign key is still unresolved), made SQLite read every follow-up.
CREATE INDEX reminder_note ON reminder(note_id) WHERE note_id IS NOT NULL;
