-- Counts that Today and Stats read on every start, answered from small
-- indexes instead of a row of `person` or `note` per item.

-- Whether a person's reconnect prompt is snoozed, beside `live` (not
-- archived): Today's hidden and after-event counts then read the touch
-- summary alone.
ALTER TABLE person_touch ADD COLUMN snoozed_until TEXT;
UPDATE person_touch SET snoozed_until =
    (SELECT prompt_snoozed_until FROM person p WHERE p.id = person_touch.person_id);
CREATE TRIGGER person_touch_snooze_ai AFTER INSERT ON person_touch BEGIN
    UPDATE person_touch SET snoozed_until =
        (SELECT prompt_snoozed_until FROM person p WHERE p.id = NEW.person_id)
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_snooze_au AFTER UPDATE OF prompt_snoozed_until ON person BEGIN
    UPDATE person_touch SET snoozed_until = NEW.prompt_snoozed_until WHERE person_id = NEW.id;
END;

-- People kept from reconnects (archived, or snoozed at some point): the
-- reconnect count subtracts those due from this small index.
CREATE INDEX person_touch_hidden ON person_touch(reconnect_on, live, snoozed_until)
    WHERE live = 0 OR snoozed_until IS NOT NULL;
-- After-event follow-ups counted without reading `person`.
DROP INDEX person_touch_follow_up;
CREATE INDEX person_touch_follow_up ON person_touch(follow_up_on, live, snoozed_until, reconnect_on)
    WHERE follow_up_on IS NOT NULL;

-- Open follow-ups by the day they show (due, or snoozed to): overdue and due
-- today are ranges of it, in the order Today lists them.
CREATE INDEX reminder_shows ON reminder(max(due_on, coalesce(snoozed_until, due_on)), id, person_id)
    WHERE done_at IS NULL;

-- A person's best match, read in score order.
DROP INDEX need_match_need_person;
DROP INDEX need_match_offer_person;
CREATE INDEX need_match_need_person ON need_match(need_person, score DESC, need_id, offer_id);
CREATE INDEX need_match_offer_person ON need_match(offer_person, score DESC, need_id, offer_id);

-- Activity per day (UTC, as notes are stored), kept in step with notes and
-- follow-ups: Stats sums a year of days instead of reading a year of notes.
CREATE TABLE activity_day (
    day          TEXT PRIMARY KEY,
    touches      INTEGER NOT NULL DEFAULT 0, -- notes of kind met, talk, gave
    gave         INTEGER NOT NULL DEFAULT 0,
    asked        INTEGER NOT NULL DEFAULT 0,
    done_on_time INTEGER NOT NULL DEFAULT 0, -- follow-ups done that day, on or before their due day
    done_late    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO activity_day (day, touches, gave, asked)
    SELECT substr(happened_at, 1, 10), sum(kind IN ('met', 'talk', 'gave')), sum(kind = 'gave'), sum(kind = 'asked')
    FROM note WHERE kind IN ('met', 'talk', 'gave', 'asked') GROUP BY 1;
INSERT INTO activity_day (day, done_on_time, done_late)
    SELECT substr(done_at, 1, 10), sum(substr(done_at, 1, 10) <= due_on), sum(substr(done_at, 1, 10) > due_on)
    FROM reminder WHERE done_at IS NOT NULL GROUP BY 1
    ON CONFLICT (day) DO UPDATE SET done_on_time = excluded.done_on_time, done_late = excluded.done_late;

CREATE TRIGGER activity_note_ai AFTER INSERT ON note
WHEN NEW.kind IN ('met', 'talk', 'gave', 'asked') BEGIN
    INSERT INTO activity_day (day, touches, gave, asked)
        VALUES (substr(NEW.happened_at, 1, 10), NEW.kind IN ('met', 'talk', 'gave'), NEW.kind = 'gave', NEW.kind = 'asked')
        ON CONFLICT (day) DO UPDATE SET touches = touches + excluded.touches,
            gave = gave + excluded.gave, asked = asked + excluded.asked;
END;
CREATE TRIGGER activity_note_ad AFTER DELETE ON note
WHEN OLD.kind IN ('met', 'talk', 'gave', 'asked') BEGIN
    UPDATE activity_day SET touches = touches - (OLD.kind IN ('met', 'talk', 'gave')),
        gave = gave - (OLD.kind = 'gave'), asked = asked - (OLD.kind = 'asked')
    WHERE day = substr(OLD.happened_at, 1, 10);
END;
CREATE TRIGGER activity_note_au AFTER UPDATE OF kind, happened_at ON note BEGIN
    UPDATE activity_day SET touches = touches - (OLD.kind IN ('met', 'talk', 'gave')),
        gave = gave - (OLD.kind = 'gave'), asked = asked - (OLD.kind = 'asked')
    WHERE day = substr(OLD.happened_at, 1, 10) AND OLD.kind IN ('met', 'talk', 'gave', 'asked');
    INSERT INTO activity_day (day, touches, gave, asked)
        SELECT substr(NEW.happened_at, 1, 10), NEW.kind IN ('met', 'talk', 'gave'), NEW.kind = 'gave', NEW.kind = 'asked'
        WHERE NEW.kind IN ('met', 'talk', 'gave', 'asked')
        ON CONFLICT (day) DO UPDATE SET touches = touches + excluded.touches,
            gave = gave + excluded.gave, asked = asked + excluded.asked;
END;

CREATE TRIGGER activity_reminder_ai AFTER INSERT ON reminder
WHEN NEW.done_at IS NOT NULL BEGIN
    INSERT INTO activity_day (day, done_on_time, done_late)
        VALUES (substr(NEW.done_at, 1, 10), substr(NEW.done_at, 1, 10) <= NEW.due_on, substr(NEW.done_at, 1, 10) > NEW.due_on)
        ON CONFLICT (day) DO UPDATE SET done_on_time = done_on_time + excluded.done_on_time,
            done_late = done_late + excluded.done_late;
END;
CREATE TRIGGER activity_reminder_ad AFTER DELETE ON reminder
WHEN OLD.done_at IS NOT NULL BEGIN
    UPDATE activity_day SET done_on_time = done_on_time - (substr(OLD.done_at, 1, 10) <= OLD.due_on),
        done_late = done_late - (substr(OLD.done_at, 1, 10) > OLD.due_on)
    WHERE day = substr(OLD.done_at, 1, 10);
END;
CREATE TRIGGER activity_reminder_au AFTER UPDATE OF done_at, due_on ON reminder BEGIN
    UPDATE activity_day SET done_on_time = done_on_time - (substr(OLD.done_at, 1, 10) <= OLD.due_on),
        done_late = done_late - (substr(OLD.done_at, 1, 10) > OLD.due_on)
    WHERE day = substr(OLD.done_at, 1, 10) AND OLD.done_at IS NOT NULL;
    INSERT INTO activity_day (day, done_on_time, done_late)
        SELECT substr(NEW.done_at, 1, 10), substr(NEW.done_at, 1, 10) <= NEW.due_on, substr(NEW.done_at, 1, 10) > NEW.due_on
        WHERE NEW.done_at IS NOT NULL
        ON CONFLICT (day) DO UPDATE SET done_on_time = done_on_time + excluded.done_on_time,
            done_late = done_late + excluded.done_late;
END;
