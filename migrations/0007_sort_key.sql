-- The name as lists sort it: lower case, accents folded ("Łukasz" sorts
-- as "lukasz", among the L's). Kith computes it and writes it with the name;
-- NULL means "not computed yet" (a row written by another tool, or a name
-- changed without its key), and Kith fills those in when it opens the store.
ALTER TABLE person ADD COLUMN sort_key TEXT;
CREATE INDEX person_sort_key ON person(sort_key, id) WHERE archived_at IS NULL;
CREATE INDEX person_sort_key_stale ON person(id) WHERE sort_key IS NULL;

CREATE TRIGGER person_sort_key_au AFTER UPDATE OF name ON person
WHEN NEW.sort_key IS OLD.sort_key BEGIN
    UPDATE person SET sort_key = NULL WHERE id = NEW.id;
END;
