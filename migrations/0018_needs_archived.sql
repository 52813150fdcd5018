-- Matches leave out archived people when they are computed (so Today counts
-- them off an index): archiving or restoring someone matches their needs
-- and offers again, in the same transaction.
CREATE TRIGGER need_person_archived_au AFTER UPDATE OF archived_at ON person
WHEN (OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL) BEGIN
    INSERT OR IGNORE INTO need_stale (note_id)
        SELECT id FROM note WHERE person_id = NEW.id AND mark IS NOT NULL;
END;
-- Matches computed before this step may involve archived people.
INSERT OR IGNORE INTO need_stale (note_id)
    SELECT n.id FROM note n JOIN person p ON p.id = n.person_id
    WHERE n.mark IS NOT NULL AND p.archived_at IS NOT NULL;
