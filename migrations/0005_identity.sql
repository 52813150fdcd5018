-- Identity: the keys a person is looked up by when deciding who a typed or
-- imported record is, and the pairs the user said are two people.
--
-- Keys are computed by Kith (accents folded, words sorted) and written with
-- the row; NULL means "not computed yet" (a row written by an older path, or
-- a name or value changed without its key), and Kith fills those in before
-- it looks anyone up.
ALTER TABLE person ADD COLUMN name_key TEXT;   -- sorted folded full words: "garcia jose"
ALTER TABLE person ADD COLUMN short_key TEXT;  -- family name and first initial: "garcia j"
-- The address book (file or folder) that gave the person their uid, when one
-- did: two people with different uids from one source are never proposed as one.
ALTER TABLE person ADD COLUMN uid_source TEXT;
CREATE INDEX person_name_key ON person(name_key) WHERE archived_at IS NULL;
CREATE INDEX person_short_key ON person(short_key) WHERE archived_at IS NULL;
CREATE INDEX person_keys_stale ON person(id) WHERE name_key IS NULL;

ALTER TABLE contact_point ADD COLUMN norm TEXT; -- 'e:' email, 'u:' profile URL, '' none
CREATE INDEX contact_point_norm ON contact_point(norm, person_id);
CREATE INDEX contact_point_stale ON contact_point(id) WHERE norm IS NULL;

CREATE TRIGGER person_name_key_au AFTER UPDATE OF name ON person
WHEN NEW.name_key IS OLD.name_key BEGIN
    UPDATE person SET name_key = NULL, short_key = NULL WHERE id = NEW.id;
END;
CREATE TRIGGER contact_point_norm_au AFTER UPDATE OF kind, value ON contact_point
WHEN NEW.norm IS OLD.norm BEGIN
    UPDATE contact_point SET norm = NULL WHERE id = NEW.id;
END;

-- "Keep apart": never propose these two as one person again (a < b).
CREATE TABLE person_pair (
    a           INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    b           INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX person_pair_b ON person_pair(b);
