-- After-event follow-ups stay on Today until you act: a talk or a gift on or
-- after the day you met, a later meeting, a dismissal (a bump of the
-- reconnect clock) or a snooze. People met at an event also get a rhythm of
-- their own (`[cadence] met`), read from an index of their reconnect clock.
-- Both columns are kept by triggers in the same transaction as every change,
-- so Today reads a range of an index, never every person or note.

ALTER TABLE person_touch ADD COLUMN event_met_on TEXT;  -- newest meeting at an event
-- That day while its follow-up is open; NULL when there is none.
ALTER TABLE person_touch ADD COLUMN follow_up_on TEXT;
-- The reconnect clock (UTC day of the last touch or bump) of people met at an
-- event without a rhythm of their own; NULL for everyone else.
ALTER TABLE person_touch ADD COLUMN met_clock TEXT;

-- A touch note is an instant (UTC); a meeting or a bump's day is compared as
-- the local day it fell on, as the Today screen counts days.
CREATE VIEW person_follow_up_doc AS
SELECT t.person_id AS person_id,
       CASE WHEN t.event_met_on IS NOT NULL
             AND (CASE WHEN length(t.last_touch) = 10 THEN t.last_touch
                       ELSE date(t.last_touch, 'localtime') END) <= t.event_met_on
             AND (p.bumped_at IS NULL OR date(p.bumped_at, 'localtime') < t.event_met_on)
             AND NOT EXISTS (SELECT 1 FROM note n
                             WHERE n.person_id = t.person_id AND n.kind IN ('talk', 'gave')
                               AND n.happened_at >= strftime('%Y-%m-%dT%H:%M:%SZ', t.event_met_on, 'utc'))
            THEN t.event_met_on END AS follow_up_on,
       CASE WHEN t.event_met_on IS NOT NULL AND p.cadence_days IS NULL
            THEN substr(max(t.last_touch, coalesce(p.bumped_at, '')), 1, 10) END AS met_clock
FROM person_touch t JOIN person p ON p.id = t.person_id;

UPDATE person_touch SET event_met_on =
    (SELECT max(m.met_on) FROM meeting m WHERE m.person_id = person_touch.person_id AND m.event_id IS NOT NULL);
UPDATE person_touch SET (follow_up_on, met_clock) =
    (SELECT follow_up_on, met_clock FROM person_follow_up_doc d WHERE d.person_id = person_touch.person_id);

CREATE INDEX person_touch_follow_up ON person_touch(follow_up_on) WHERE follow_up_on IS NOT NULL;
CREATE INDEX person_touch_met_clock ON person_touch(met_clock) WHERE met_clock IS NOT NULL;

-- The newest meeting at an event.
CREATE TRIGGER person_touch_event_meeting_ai AFTER INSERT ON meeting WHEN NEW.event_id IS NOT NULL BEGIN
    UPDATE person_touch SET event_met_on = max(coalesce(event_met_on, ''), NEW.met_on)
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_touch_event_meeting_au AFTER UPDATE OF person_id, event_id, met_on ON meeting BEGIN
    UPDATE person_touch SET event_met_on =
        (SELECT max(m.met_on) FROM meeting m WHERE m.person_id = person_touch.person_id AND m.event_id IS NOT NULL)
    WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER person_touch_event_meeting_ad AFTER DELETE ON meeting BEGIN
    UPDATE person_touch SET event_met_on =
        (SELECT max(m.met_on) FROM meeting m WHERE m.person_id = person_touch.person_id AND m.event_id IS NOT NULL)
    WHERE person_id = OLD.person_id;
END;
-- A person's summary row is written after a bulk write added their meetings.
CREATE TRIGGER person_touch_event_ai AFTER INSERT ON person_touch BEGIN
    UPDATE person_touch SET event_met_on =
        (SELECT max(m.met_on) FROM meeting m WHERE m.person_id = NEW.person_id AND m.event_id IS NOT NULL)
    WHERE person_id = NEW.person_id;
END;

-- The follow-up and the clock follow the touches, the meetings, the rhythm
-- and a bump (every note written or changed rewrites last_touch, so a talk
-- on the day you met is seen too).
CREATE TRIGGER person_touch_follow_up_au AFTER UPDATE OF last_touch, event_met_on ON person_touch BEGIN
    UPDATE person_touch SET (follow_up_on, met_clock) =
        (SELECT follow_up_on, met_clock FROM person_follow_up_doc d WHERE d.person_id = NEW.person_id)
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_follow_up_au AFTER UPDATE OF cadence_days, bumped_at ON person BEGIN
    UPDATE person_touch SET (follow_up_on, met_clock) =
        (SELECT follow_up_on, met_clock FROM person_follow_up_doc d WHERE d.person_id = NEW.id)
    WHERE person_id = NEW.id;
END;
