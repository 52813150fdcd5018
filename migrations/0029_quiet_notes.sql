-- A note that is not a touch (learned, asked is one, promise, note) leaves
-- the touch summary as it was, so its trigger no longer runs for it.
--
-- The update it ran changed no value for such a note, but it named
-- `last_touch` and `touches`, and SQLite fires `AFTER UPDATE OF` triggers on
-- the columns an UPDATE names, not on the values it changes: each such note
-- made the summary's reconnect and follow-up rows be worked out again from
-- their views (person_touch_reconnect_au, person_touch_follow_up_au), about
-- half the cost of writing the note. `asked` counts in the summary, so an
-- asked note still runs it.

DROP TRIGGER person_touch_note_ai;
CREATE TRIGGER person_touch_note_ai AFTER INSERT ON note
WHEN NEW.kind = 'met' OR NEW.kind = 'talk' OR NEW.kind = 'gave' OR NEW.kind = 'asked' BEGIN
    UPDATE person_touch SET
        last_touch = CASE WHEN NEW.kind = 'met' OR NEW.kind = 'talk' OR NEW.kind = 'gave'
                          THEN max(last_touch, NEW.happened_at) ELSE last_touch END,
        touches = touches + (NEW.kind = 'met' OR NEW.kind = 'talk' OR NEW.kind = 'gave'),
        gave = gave + (NEW.kind = 'gave'),
        asked = asked + (NEW.kind = 'asked')
    WHERE person_id = NEW.person_id;
END;
