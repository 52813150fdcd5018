-- Configured rhythms ([cadence] in the config: per tag, for people met at an
-- event, the default) are copied into the store, so the day each person may
-- become due a reconnect follows every rule, not only their own cadence and
-- drifting. Kith writes the copy when the config's rules differ from it and
-- recomputes every person in that same transaction; triggers keep each
-- person's day current as tags, meetings, touches, cadence and bumps change.
-- Today then reads a range of one index per distinct rhythm, never every person.

-- The rules of the config last used. One row.
CREATE TABLE rhythm_setting (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    default_days  INTEGER CHECK (default_days IS NULL OR default_days > 0),
    met_days      INTEGER CHECK (met_days IS NULL OR met_days > 0)
);
-- Without a config: 90 days for people met at an event, nothing else.
INSERT INTO rhythm_setting (id, default_days, met_days) VALUES (1, NULL, 90);

-- Tag → days; the shortest rhythm of a person's tags wins.
CREATE TABLE rhythm_tag (
    tag   TEXT PRIMARY KEY COLLATE NOCASE,
    days  INTEGER NOT NULL CHECK (days > 0)
) WITHOUT ROWID;

-- The rhythm of a person (in the order src/reconnect.rs applies them): their
-- own cadence, else the shortest of their tags' rules, else the one for people
-- met at an event, else the default, else, once they have 3+ touches,
-- drifting: quiet for more than 180 days, so 181 here (the ranking still
-- divides by 180); and the day (a day early, for time zones) from which they
-- may be due on it. Someone is due when that day is before today.
DROP VIEW person_reconnect_doc;
CREATE VIEW person_reconnect_doc AS
SELECT person_id, every,
       CASE WHEN clock <> '' AND every IS NOT NULL
            THEN date(substr(clock, 1, 10), '+' || (every - 1) || ' days') END AS reconnect_on
FROM (SELECT t.person_id AS person_id,
             max(t.last_touch, coalesce(p.bumped_at, '')) AS clock,
             coalesce(p.cadence_days,
                      (SELECT min(r.days) FROM person_tag pt JOIN tag g ON g.id = pt.tag_id
                       JOIN rhythm_tag r ON r.tag = g.name WHERE pt.person_id = t.person_id),
                      CASE WHEN t.event_met_on IS NOT NULL THEN (SELECT met_days FROM rhythm_setting) END,
                      (SELECT default_days FROM rhythm_setting),
                      CASE WHEN t.touches >= 3 THEN 181 END) AS every
      FROM person_touch t JOIN person p ON p.id = t.person_id);

UPDATE person_touch SET (every, reconnect_on) =
    (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = person_touch.person_id);

-- People met at an event are in the rhythm index now; the clock of their own
-- is no longer read.
DROP INDEX person_touch_met_clock;

-- A tag given or taken away, or renamed, and a meeting at an event, may
-- change the rhythm.
CREATE TRIGGER person_tag_rhythm_ai AFTER INSERT ON person_tag BEGIN
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = NEW.person_id)
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_tag_rhythm_ad AFTER DELETE ON person_tag BEGIN
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = OLD.person_id)
    WHERE person_id = OLD.person_id;
END;
CREATE TRIGGER person_tag_rhythm_au AFTER UPDATE ON person_tag BEGIN
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = person_touch.person_id)
    WHERE person_id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER tag_rhythm_au AFTER UPDATE OF name ON tag BEGIN
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = person_touch.person_id)
    WHERE person_id IN (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);
END;
CREATE TRIGGER person_touch_rhythm_event_au AFTER UPDATE OF event_met_on ON person_touch BEGIN
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = NEW.person_id)
    WHERE person_id = NEW.person_id;
END;
