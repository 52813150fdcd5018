-- Bulk writes (an import batch, the demo) used to drop the search-index
-- triggers and create them again inside their transaction. Every such swap
-- changes the schema, and a command opening the store at that moment could
-- miss a table while it reloaded it ("no such table: person"). The triggers
-- now stay in place and stand aside while a row is in search_pause: a bulk
-- writer inserts the row and deletes it again within its own transaction,
-- so no other connection ever sees it, and a crash rolls it back with the rest.
CREATE TABLE search_pause (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

DROP TRIGGER person_ai;
CREATE TRIGGER person_ai AFTER INSERT ON person
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.id;
END;

DROP TRIGGER person_au;
CREATE TRIGGER person_au AFTER UPDATE OF name, company, title ON person
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.id;
END;

DROP TRIGGER person_ad;
CREATE TRIGGER person_ad AFTER DELETE ON person
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.id;
END;

DROP TRIGGER contact_point_ai;
CREATE TRIGGER contact_point_ai AFTER INSERT ON contact_point
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.person_id;
END;

DROP TRIGGER contact_point_au;
CREATE TRIGGER contact_point_au AFTER UPDATE ON contact_point
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid IN (OLD.person_id, NEW.person_id);
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id IN (OLD.person_id, NEW.person_id);
END;

DROP TRIGGER contact_point_ad;
CREATE TRIGGER contact_point_ad AFTER DELETE ON contact_point
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = OLD.person_id;
END;

DROP TRIGGER person_tag_ai;
CREATE TRIGGER person_tag_ai AFTER INSERT ON person_tag
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.person_id;
END;

DROP TRIGGER person_tag_ad;
CREATE TRIGGER person_tag_ad AFTER DELETE ON person_tag
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = OLD.person_id;
END;

DROP TRIGGER tag_au;
CREATE TRIGGER tag_au AFTER UPDATE OF name ON tag
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid IN (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id IN (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);
END;

DROP TRIGGER note_ai;
CREATE TRIGGER note_ai AFTER INSERT ON note
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.person_id;
END;

DROP TRIGGER note_au;
CREATE TRIGGER note_au AFTER UPDATE OF body, person_id ON note
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid IN (OLD.person_id, NEW.person_id);
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id IN (OLD.person_id, NEW.person_id);
END;

DROP TRIGGER note_ad;
CREATE TRIGGER note_ad AFTER DELETE ON note
    WHEN NOT EXISTS (SELECT 1 FROM search_pause) BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = OLD.person_id;
END;
