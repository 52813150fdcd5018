-- Who knows whom, and introductions as a flow.
--
-- A link between two people. Symmetric kinds (knows, works_with, family,
-- introduced: "introduced to each other", what a made introduction leaves)
-- are stored once with a < b. `introduced_by` is directed: `a` was
-- introduced by `b` (so `b` "introduced to" `a`). A free label (`other`) is
-- read from `a` to `b` ("mentor of").
CREATE TABLE person_link (
    id          INTEGER PRIMARY KEY,
    a           INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    b           INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('introduced_by', 'introduced', 'knows', 'works_with', 'family', 'other')),
    label       TEXT,
    context     TEXT,              -- where or how: "at FOSDEM 2026"
    created_at  TEXT NOT NULL,
    CHECK (a <> b),
    CHECK ((kind = 'other') = (label IS NOT NULL AND length(trim(label)) > 0))
);
CREATE UNIQUE INDEX person_link_pair ON person_link(a, b, kind, coalesce(label, ''));
CREATE INDEX person_link_b ON person_link(b);

-- An introduction you make between `a` (asked first) and `b`: proposed →
-- asked_first → asked_second (skipped without double opt-in) → made → done
-- (an outcome recorded), or dropped (with why). `reminder_id` is the
-- follow-up of the current step, closed by the next one.
CREATE TABLE intro (
    id              INTEGER PRIMARY KEY,
    a               INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    b               INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    reason          TEXT,
    need_note_id    INTEGER REFERENCES note(id) ON DELETE SET NULL,
    offer_note_id   INTEGER REFERENCES note(id) ON DELETE SET NULL,
    double_opt_in   INTEGER NOT NULL DEFAULT 1 CHECK (double_opt_in IN (0, 1)),
    step            TEXT NOT NULL DEFAULT 'proposed'
                    CHECK (step IN ('proposed', 'asked_first', 'asked_second', 'made', 'done', 'dropped')),
    outcome         TEXT,
    reminder_id     INTEGER REFERENCES reminder(id) ON DELETE SET NULL,
    proposed_at     TEXT NOT NULL,
    asked_first_at  TEXT,
    asked_second_at TEXT,
    made_at         TEXT,
    closed_at       TEXT,
    updated_at      TEXT NOT NULL,
    CHECK (a <> b)
);
CREATE INDEX intro_a ON intro(a);
CREATE INDEX intro_b ON intro(b);
CREATE INDEX intro_open ON intro(step) WHERE step NOT IN ('done', 'dropped');
CREATE INDEX intro_reminder ON intro(reminder_id) WHERE reminder_id IS NOT NULL;
