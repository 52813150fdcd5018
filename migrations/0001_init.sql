-- Kith schema, version 1. Times are ISO-8601 text in UTC; dates are YYYY-MM-DD.

CREATE TABLE person (
    id            INTEGER PRIMARY KEY,
    uid           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    company       TEXT,
    title         TEXT,
    cadence_days  INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
    birthday      TEXT,               -- YYYY-MM-DD or --MM-DD
    archived_at   TEXT,
    bumped_at     TEXT,               -- reconnect clock reset without a touch
    prompt_snoozed_until TEXT,        -- reconnect prompt hidden until this date
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX person_name ON person(name COLLATE NOCASE);
CREATE INDEX person_cadence ON person(cadence_days) WHERE cadence_days IS NOT NULL;
CREATE INDEX person_birthday ON person(substr(birthday, -5)) WHERE birthday IS NOT NULL;

CREATE TABLE contact_point (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'url', 'social', 'address')),
    label      TEXT,
    value      TEXT NOT NULL
);
CREATE INDEX contact_point_person ON contact_point(person_id);
CREATE INDEX contact_point_value ON contact_point(value COLLATE NOCASE);

CREATE TABLE tag (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE person_tag (
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX person_tag_tag ON person_tag(tag_id);

CREATE TABLE event (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    starts_on    TEXT NOT NULL,
    ends_on      TEXT,
    place        TEXT,
    description  TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX event_starts ON event(starts_on);
CREATE INDEX event_name ON event(name COLLATE NOCASE);

CREATE TABLE meeting (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    event_id    INTEGER REFERENCES event(id) ON DELETE SET NULL,
    met_on      TEXT NOT NULL,
    place       TEXT,
    context     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX meeting_person ON meeting(person_id, met_on);
CREATE INDEX meeting_event ON meeting(event_id);
CREATE INDEX meeting_met_on ON meeting(met_on);

CREATE TABLE note (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    event_id     INTEGER REFERENCES event(id) ON DELETE SET NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('note', 'met', 'talk', 'gave', 'learned', 'asked', 'promise')),
    body         TEXT NOT NULL,
    happened_at  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX note_person_time ON note(person_id, happened_at);
CREATE INDEX note_person_kind ON note(person_id, kind, happened_at);
CREATE INDEX note_event ON note(event_id) WHERE event_id IS NOT NULL;

CREATE TABLE reminder (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER REFERENCES person(id) ON DELETE CASCADE,
    note_id        INTEGER REFERENCES note(id) ON DELETE SET NULL,  -- the promise it tracks
    body           TEXT NOT NULL CHECK (length(trim(body)) > 0),
    due_on         TEXT NOT NULL,
    repeat_days    INTEGER CHECK (repeat_days IS NULL OR repeat_days > 0),
    snoozed_until  TEXT,
    done_at        TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX reminder_open ON reminder(due_on) WHERE done_at IS NULL;
CREATE INDEX reminder_person ON reminder(person_id, done_at);
CREATE INDEX reminder_done ON reminder(done_at) WHERE done_at IS NOT NULL;

-- Full-text search: one document per person (name, company, title, tags,
-- contact points, note bodies), so a query's words may match across fields.
CREATE VIEW person_doc AS
SELECT p.id AS id,
       p.name AS name,
       coalesce(p.company, '') AS company,
       coalesce(p.title, '') AS title,
       coalesce((SELECT group_concat(t.name, ' ') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                 WHERE pt.person_id = p.id), '') AS tags,
       coalesce((SELECT group_concat(c.value, ' ') FROM contact_point c WHERE c.person_id = p.id), '') AS contacts,
       coalesce((SELECT group_concat(n.body, ' ') FROM note n WHERE n.person_id = p.id), '') AS notes
FROM person p;

CREATE VIRTUAL TABLE person_fts USING fts5(
    name, company, title, tags, contacts, notes,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TRIGGER person_ai AFTER INSERT ON person BEGIN
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.id;
END;
CREATE TRIGGER person_au AFTER UPDATE OF name, company, title ON person BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.id;
END;
CREATE TRIGGER person_ad AFTER DELETE ON person BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER contact_point_ai AFTER INSERT ON contact_point BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.person_id;
END;
CREATE TRIGGER contact_point_au AFTER UPDATE ON contact_point BEGIN
    DELETE FROM person_fts WHERE rowid IN (OLD.person_id, NEW.person_id);
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER contact_point_ad AFTER DELETE ON contact_point BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = OLD.person_id;
END;

CREATE TRIGGER person_tag_ai AFTER INSERT ON person_tag BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.person_id;
END;
CREATE TRIGGER person_tag_ad AFTER DELETE ON person_tag BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = OLD.person_id;
END;
CREATE TRIGGER tag_au AFTER UPDATE OF name ON tag BEGIN
    DELETE FROM person_fts WHERE rowid IN (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id IN (SELECT person_id FROM person_tag WHERE tag_id = NEW.id);
END;

CREATE TRIGGER note_ai AFTER INSERT ON note BEGIN
    DELETE FROM person_fts WHERE rowid = NEW.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = NEW.person_id;
END;
CREATE TRIGGER note_au AFTER UPDATE OF body, person_id ON note BEGIN
    DELETE FROM person_fts WHERE rowid IN (OLD.person_id, NEW.person_id);
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id IN (OLD.person_id, NEW.person_id);
END;
CREATE TRIGGER note_ad AFTER DELETE ON note BEGIN
    DELETE FROM person_fts WHERE rowid = OLD.person_id;
    INSERT INTO person_fts(rowid, name, company, title, tags, contacts, notes)
        SELECT * FROM person_doc WHERE id = OLD.person_id;
END;
