-- Needs and offers. A learned note may be marked as something its person
-- needs or offers; a need may be marked met (the day it was).
ALTER TABLE note ADD COLUMN mark TEXT CHECK (mark IS NULL OR mark IN ('need', 'offer'));
ALTER TABLE note ADD COLUMN need_met_on TEXT;
CREATE INDEX note_mark ON note(mark, person_id) WHERE mark IS NOT NULL;

-- Derived data, kept by Kith in the transaction of every change: the words
-- each open need and offer is matched on, and the best offers for each open
-- need. Today reads the matches by score through an index, never matching
-- per query.
CREATE TABLE need_word (
    side     TEXT NOT NULL,      -- 'need' or 'offer'
    word     TEXT NOT NULL,      -- folded, stemmed (src/needs.rs)
    note_id  INTEGER NOT NULL,
    PRIMARY KEY (side, word, note_id)
) WITHOUT ROWID;
CREATE INDEX need_word_note ON need_word(note_id);

CREATE TABLE need_match (
    need_id       INTEGER NOT NULL,
    offer_id      INTEGER NOT NULL,
    need_person   INTEGER NOT NULL,
    offer_person  INTEGER NOT NULL,
    score         REAL NOT NULL,
    shared        TEXT NOT NULL,  -- the words they share, space-separated
    PRIMARY KEY (need_id, offer_id)
) WITHOUT ROWID;
CREATE INDEX need_match_score ON need_match(score DESC, need_id, offer_id);
CREATE INDEX need_match_offer ON need_match(offer_id);
CREATE INDEX need_match_need_person ON need_match(need_person);
CREATE INDEX need_match_offer_person ON need_match(offer_person);

-- Marked notes whose words and matches are to be computed again: filled by
-- these triggers (so imports, merges, undo and other tools are covered) and
-- emptied by Kith before the same transaction commits.
CREATE TABLE need_stale (note_id INTEGER PRIMARY KEY);

CREATE TRIGGER need_note_ai AFTER INSERT ON note WHEN NEW.mark IS NOT NULL BEGIN
    INSERT OR IGNORE INTO need_stale (note_id) VALUES (NEW.id);
END;
CREATE TRIGGER need_note_au AFTER UPDATE OF body, kind, person_id, mark, need_met_on ON note
WHEN NEW.mark IS NOT NULL OR OLD.mark IS NOT NULL BEGIN
    INSERT OR IGNORE INTO need_stale (note_id) VALUES (NEW.id);
END;
CREATE TRIGGER need_note_ad AFTER DELETE ON note WHEN OLD.mark IS NOT NULL BEGIN
    DELETE FROM need_word WHERE note_id = OLD.id;
    DELETE FROM need_match WHERE need_id = OLD.id;
    DELETE FROM need_match WHERE offer_id = OLD.id;
    DELETE FROM need_stale WHERE note_id = OLD.id;
END;

-- The day a need was met stays within the years Kith supports (as 0006).
CREATE TRIGGER note_need_met_bi BEFORE INSERT ON note BEGIN
    SELECT RAISE(ABORT, 'note.need_met_on: not a date within the years 1900-2200')
        WHERE NEW.need_met_on IS NOT NULL AND NOT (length(NEW.need_met_on) = 10 AND date(NEW.need_met_on) IS NEW.need_met_on AND NEW.need_met_on BETWEEN '1900-01-01' AND '2200-12-31');
END;
CREATE TRIGGER note_need_met_bu BEFORE UPDATE OF need_met_on ON note BEGIN
    SELECT RAISE(ABORT, 'note.need_met_on: not a date within the years 1900-2200')
        WHERE NEW.need_met_on IS NOT NULL AND NOT (length(NEW.need_met_on) = 10 AND date(NEW.need_met_on) IS NEW.need_met_on AND NEW.need_met_on BETWEEN '1900-01-01' AND '2200-12-31');
END;
