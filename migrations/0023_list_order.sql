-- A page of People, sorted by next follow-up or by last touch, at any offset
-- skips rows off one index alone: the touch summary also keeps each person's
-- sort key, whether they are archived, and their soonest open follow-up (its
-- snooze counted), kept by triggers in the same transaction as every change.
-- Before, the people after those with follow-ups were found by looking up
-- each person's follow-ups, row after row up to the offset.

ALTER TABLE person_touch ADD COLUMN sort_key TEXT;                  -- person.sort_key
ALTER TABLE person_touch ADD COLUMN live INTEGER NOT NULL DEFAULT 1; -- not archived
ALTER TABLE person_touch ADD COLUMN next_follow_up TEXT;            -- NULL: none open

-- The three columns of one person, recomputed.
CREATE VIEW person_list_doc AS
SELECT p.id AS person_id, p.sort_key AS sort_key, (p.archived_at IS NULL) AS live,
       (SELECT min(max(r.due_on, coalesce(r.snoozed_until, r.due_on))) FROM reminder r
        WHERE r.person_id = p.id AND r.done_at IS NULL) AS next_follow_up
FROM person p;

UPDATE person_touch SET (sort_key, live, next_follow_up) =
    (SELECT sort_key, live, next_follow_up FROM person_list_doc d WHERE d.person_id = person_touch.person_id);

-- By next follow-up, then by name (people with one open); by name (everyone
-- else); by last touch; by name (everyone, and the archive). Each holds every
-- column its query reads, so skipping rows reads no table row.
CREATE INDEX person_touch_next_follow_up ON person_touch(next_follow_up, sort_key, person_id, live)
    WHERE live = 1 AND next_follow_up IS NOT NULL;
CREATE INDEX person_touch_no_follow_up ON person_touch(sort_key, person_id, live, next_follow_up)
    WHERE live = 1 AND next_follow_up IS NULL;
CREATE INDEX person_touch_live_last ON person_touch(live, last_touch, person_id);
CREATE INDEX person_touch_live_name ON person_touch(live, sort_key, person_id);

-- A new person (their follow-ups may already be there in a bulk write).
CREATE TRIGGER person_touch_list_ai AFTER INSERT ON person_touch BEGIN
    UPDATE person_touch SET (sort_key, live, next_follow_up) =
        (SELECT sort_key, live, next_follow_up FROM person_list_doc d WHERE d.person_id = NEW.person_id)
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_list_au AFTER UPDATE OF sort_key, archived_at ON person BEGIN
    UPDATE person_touch SET sort_key = NEW.sort_key, live = (NEW.archived_at IS NULL)
    WHERE person_id = NEW.id;
END;

-- A follow-up added, done, snoozed, moved or moved to another person.
CREATE TRIGGER reminder_list_ai AFTER INSERT ON reminder WHEN NEW.person_id IS NOT NULL BEGIN
    UPDATE person_touch SET next_follow_up =
        (SELECT next_follow_up FROM person_list_doc d WHERE d.person_id = NEW.person_id)
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER reminder_list_au AFTER UPDATE OF person_id, due_on, snoozed_until, done_at ON reminder BEGIN
    UPDATE person_touch SET next_follow_up =
        (SELECT next_follow_up FROM person_list_doc d WHERE d.person_id = person_touch.person_id)
    WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER reminder_list_ad AFTER DELETE ON reminder WHEN OLD.person_id IS NOT NULL BEGIN
    UPDATE person_touch SET next_follow_up =
        (SELECT next_follow_up FROM person_list_doc d WHERE d.person_id = OLD.person_id)
    WHERE person_id = OLD.person_id;
END;
