-- Other uids a person is known by: the uid of a card that was found to be
-- them (by email, profile or name and company) on import, and the uid of a
-- duplicate merged into them. Re-importing that card, or the duplicate's,
-- then lands on them again, whatever else has changed.
CREATE TABLE person_alias (
    uid        TEXT PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX person_alias_person ON person_alias(person_id);
