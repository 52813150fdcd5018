-- Per-person touch summary, kept in step with note and meeting by triggers in
-- the same transaction as every change (like the search index): the last
-- touch, the number of touches and the give/ask balance are read on every
-- list page and by the reconnect ranking, which must not scan every note.

CREATE TABLE person_touch (
    person_id     INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
    last_touch    TEXT NOT NULL DEFAULT '',   -- newest touch note (instant) or meeting (date); '' = never
    touches       INTEGER NOT NULL DEFAULT 0, -- notes of kind met, talk, gave
    gave          INTEGER NOT NULL DEFAULT 0,
    asked         INTEGER NOT NULL DEFAULT 0,
    -- The rhythm that applies without configuration: the person's own
    -- cadence, else 180 days once they have 3+ touches (drifting, as in
    -- src/reconnect.rs); NULL when neither applies.
    every         INTEGER,
    -- The day (a day early, for time zones) from which they may be due. For
    -- one `every`, the most overdue (days quiet ÷ every) have the earliest
    -- day, so Today reads a few rows per distinct rhythm, never all people.
    reconnect_on  TEXT
);
CREATE INDEX person_touch_last ON person_touch(last_touch);
CREATE INDEX person_touch_reconnect ON person_touch(every, reconnect_on) WHERE reconnect_on IS NOT NULL;
CREATE INDEX note_kind_time ON note(kind, happened_at);
-- Pages of the people list skip rows without reading the table.
CREATE INDEX person_live_name ON person(name COLLATE NOCASE) WHERE archived_at IS NULL;

CREATE VIEW person_reconnect_doc AS
SELECT person_id, every,
       CASE WHEN clock <> '' AND every IS NOT NULL
            THEN date(substr(clock, 1, 10), '+' || (every - 1) || ' days') END AS reconnect_on
FROM (SELECT t.person_id AS person_id,
             max(t.last_touch, coalesce(p.bumped_at, '')) AS clock,
             coalesce(p.cadence_days, CASE WHEN t.touches >= 3 THEN 180 END) AS every
      FROM person_touch t JOIN person p ON p.id = t.person_id);

-- The whole summary of one person, recomputed (for deletes and edits).
CREATE VIEW person_touch_doc AS
SELECT p.id AS person_id,
       max(coalesce((SELECT max(n.happened_at) FROM note n
                     WHERE n.person_id = p.id AND n.kind IN ('met', 'talk', 'gave')), ''),
           coalesce((SELECT max(m.met_on) FROM meeting m WHERE m.person_id = p.id), '')) AS last_touch,
       (SELECT count(*) FROM note n WHERE n.person_id = p.id AND n.kind IN ('met', 'talk', 'gave')) AS touches,
       (SELECT count(*) FROM note n WHERE n.person_id = p.id AND n.kind = 'gave') AS gave,
       (SELECT count(*) FROM note n WHERE n.person_id = p.id AND n.kind = 'asked') AS asked
FROM person p;

INSERT INTO person_touch (person_id, last_touch, touches, gave, asked)
    SELECT person_id, last_touch, touches, gave, asked FROM person_touch_doc;
UPDATE person_touch SET (every, reconnect_on) =
    (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = person_touch.person_id);

-- The reconnect day follows the touches, the cadence and a bump.
CREATE TRIGGER person_touch_reconnect_au AFTER UPDATE OF last_touch, touches ON person_touch BEGIN
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = NEW.person_id)
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_reconnect_au AFTER UPDATE OF cadence_days, bumped_at ON person BEGIN
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = NEW.id)
    WHERE person_id = NEW.id;
END;

-- A bulk write may add a person's notes and meetings before the person
-- (foreign keys checked at commit), so the summary starts from what is there.
CREATE TRIGGER person_touch_person_ai AFTER INSERT ON person BEGIN
    INSERT INTO person_touch (person_id, last_touch, touches, gave, asked)
        SELECT person_id, last_touch, touches, gave, asked FROM person_touch_doc WHERE person_id = NEW.id;
    UPDATE person_touch SET (every, reconnect_on) =
        (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = NEW.id)
    WHERE person_id = NEW.id;
END;

-- Inserts are the common path: O(1) updates.
CREATE TRIGGER person_touch_note_ai AFTER INSERT ON note BEGIN
    UPDATE person_touch SET
        last_touch = CASE WHEN NEW.kind IN ('met', 'talk', 'gave') THEN max(last_touch, NEW.happened_at) ELSE last_touch END,
        touches = touches + (NEW.kind IN ('met', 'talk', 'gave')),
        gave = gave + (NEW.kind = 'gave'),
        asked = asked + (NEW.kind = 'asked')
    WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER person_touch_meeting_ai AFTER INSERT ON meeting BEGIN
    UPDATE person_touch SET last_touch = max(last_touch, NEW.met_on) WHERE person_id = NEW.person_id;
END;

-- Edits and deletes recompute the people they touch (not a person being deleted).
CREATE TRIGGER person_touch_note_au AFTER UPDATE OF person_id, kind, happened_at ON note BEGIN
    UPDATE person_touch SET (last_touch, touches, gave, asked) =
        (SELECT last_touch, touches, gave, asked FROM person_touch_doc d WHERE d.person_id = person_touch.person_id)
    WHERE person_id IN (OLD.person_id, NEW.person_id)
      AND EXISTS (SELECT 1 FROM person WHERE id = person_touch.person_id);
END;
CREATE TRIGGER person_touch_note_ad AFTER DELETE ON note BEGIN
    UPDATE person_touch SET (last_touch, touches, gave, asked) =
        (SELECT last_touch, touches, gave, asked FROM person_touch_doc d WHERE d.person_id = person_touch.person_id)
    WHERE person_id = OLD.person_id
      AND EXISTS (SELECT 1 FROM person WHERE id = OLD.person_id);
END;
CREATE TRIGGER person_touch_meeting_au AFTER UPDATE OF person_id, met_on ON meeting BEGIN
    UPDATE person_touch SET (last_touch, touches, gave, asked) =
        (SELECT last_touch, touches, gave, asked FROM person_touch_doc d WHERE d.person_id = person_touch.person_id)
    WHERE person_id IN (OLD.person_id, NEW.person_id)
      AND EXISTS (SELECT 1 FROM person WHERE id = person_touch.person_id);
END;
CREATE TRIGGER person_touch_meeting_ad AFTER DELETE ON meeting BEGIN
    UPDATE person_touch SET (last_touch, touches, gave, asked) =
        (SELECT last_touch, touches, gave, asked FROM person_touch_doc d WHERE d.person_id = person_touch.person_id)
    WHERE person_id = OLD.person_id
      AND EXISTS (SELECT 1 FROM person WHERE id = OLD.person_id);
END;
