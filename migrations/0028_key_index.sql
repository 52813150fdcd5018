-- A second, small search index over what names a person: name, company,
-- tags and contact points, without the notes.
--
-- A column filter (`{name company tags} : "marat"*`) on the whole-document
-- index still reads every document the words appear in, notes included: at
-- 100,000 people whose notes say "marathon" 65,000 times, 2 ms for a list
-- of names that is empty. Search shows name matches first, mail completion
-- and name lookups read nothing else, and each ran such a query. Here the
-- same query reads the few people so named.
--
-- It keeps its own copy of those columns (a few bytes a person, in the same
-- file as person_fts's copy of everything): an index without one would need
-- SQLite 3.43's `contentless_delete`, and with that an older sqlite3 shell
-- could no longer change a person. Kept in step by triggers beside the
-- whole-document index's, set aside by the same `search_pause` row during
-- bulk writes.

CREATE VIRTUAL TABLE person_key_fts USING fts5(
    name, company, tags, contacts,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE VIEW person_key_doc AS
SELECT p.id AS id,
       p.name AS name,
       coalesce(p.company, '') AS company,
       coalesce((SELECT group_concat(t.name, ' ') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                 WHERE pt.person_id = p.id), '') AS tags,
       coalesce((SELECT group_concat(c.value, ' ') FROM contact_point c WHERE c.person_id = p.id), '') AS contacts
FROM person p;

INSERT INTO person_key_fts (rowid, name, company, tags, contacts) SELECT * FROM person_key_doc;
INSERT INTO person_key_fts (person_key_fts) VALUES ('optimize');

CREATE TRIGGER person_key_ai AFTER INSERT ON person
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id = NEW.id;
END;

CREATE TRIGGER person_key_au AFTER UPDATE OF name, company ON person
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid = NEW.id;
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id = NEW.id;
END;

CREATE TRIGGER person_key_ad AFTER DELETE ON person
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER contact_point_key_ai AFTER INSERT ON contact_point
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id = NEW.person_id;
END;

CREATE TRIGGER contact_point_key_au AFTER UPDATE ON contact_point
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid = OLD.person_id OR rowid = NEW.person_id;
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id = OLD.person_id OR id = NEW.person_id;
END;

CREATE TRIGGER contact_point_key_ad AFTER DELETE ON contact_point
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id = OLD.person_id;
END;

CREATE TRIGGER person_tag_key_ai AFTER INSERT ON person_tag
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id = NEW.person_id;
END;

CREATE TRIGGER person_tag_key_ad AFTER DELETE ON person_tag
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id = OLD.person_id;
END;

CREATE TRIGGER tag_key_au AFTER UPDATE OF name ON tag
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_key_fts WHERE rowid IN (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);
    INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
        SELECT * FROM person_key_doc WHERE id IN (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);
END;
