-- How many people were last touched on each day ('' = never), kept in step
-- with the touch summary: Stats' "time since last touch" sums a few thousand
-- days instead of counting 100,000 index entries.
CREATE TABLE last_touch_day (
    day    TEXT PRIMARY KEY,
    people INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO last_touch_day (day, people)
    SELECT substr(last_touch, 1, 10), count(*) FROM person_touch GROUP BY 1;

CREATE TRIGGER last_touch_day_ai AFTER INSERT ON person_touch BEGIN
    INSERT INTO last_touch_day (day, people) VALUES (substr(NEW.last_touch, 1, 10), 1)
        ON CONFLICT (day) DO UPDATE SET people = people + 1;
END;
CREATE TRIGGER last_touch_day_ad AFTER DELETE ON person_touch BEGIN
    UPDATE last_touch_day SET people = people - 1 WHERE day = substr(OLD.last_touch, 1, 10);
END;
CREATE TRIGGER last_touch_day_au AFTER UPDATE OF last_touch ON person_touch
WHEN substr(OLD.last_touch, 1, 10) IS NOT substr(NEW.last_touch, 1, 10) BEGIN
    UPDATE last_touch_day SET people = people - 1 WHERE day = substr(OLD.last_touch, 1, 10);
    INSERT INTO last_touch_day (day, people) VALUES (substr(NEW.last_touch, 1, 10), 1)
        ON CONFLICT (day) DO UPDATE SET people = people + 1;
END;
