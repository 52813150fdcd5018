-- Two people who already know each other (linked in any way, or an
-- introduction between them proposed, under way or made) are not matched:
-- a link or an introduction that comes, goes or changes people, or an
-- introduction dropped or taken up again, queues both people's marked notes
-- to be matched again in the same transaction (merge and undo included).
CREATE TRIGGER need_link_ai AFTER INSERT ON person_link BEGIN
    INSERT OR IGNORE INTO need_stale (note_id)
        SELECT id FROM note WHERE person_id IN (NEW.a, NEW.b) AND mark IS NOT NULL;
END;
CREATE TRIGGER need_link_ad AFTER DELETE ON person_link BEGIN
    INSERT OR IGNORE INTO need_stale (note_id)
        SELECT id FROM note WHERE person_id IN (OLD.a, OLD.b) AND mark IS NOT NULL;
END;
CREATE TRIGGER need_link_au AFTER UPDATE OF a, b ON person_link BEGIN
    INSERT OR IGNORE INTO need_stale (note_id)
        SELECT id FROM note WHERE person_id IN (OLD.a, OLD.b, NEW.a, NEW.b) AND mark IS NOT NULL;
END;
CREATE TRIGGER need_intro_ai AFTER INSERT ON intro WHEN NEW.step <> 'dropped' BEGIN
    INSERT OR IGNORE INTO need_stale (note_id)
        SELECT id FROM note WHERE person_id IN (NEW.a, NEW.b) AND mark IS NOT NULL;
END;
CREATE TRIGGER need_intro_ad AFTER DELETE ON intro WHEN OLD.step <> 'dropped' BEGIN
    INSERT OR IGNORE INTO need_stale (note_id)
        SELECT id FROM note WHERE person_id IN (OLD.a, OLD.b) AND mark IS NOT NULL;
END;
CREATE TRIGGER need_intro_au AFTER UPDATE OF a, b, step ON intro
WHEN OLD.a IS NOT NEW.a OR OLD.b IS NOT NEW.b
     OR (OLD.step = 'dropped') <> (NEW.step = 'dropped') BEGIN
    INSERT OR IGNORE INTO need_stale (note_id)
        SELECT id FROM note WHERE person_id IN (OLD.a, OLD.b, NEW.a, NEW.b) AND mark IS NOT NULL;
END;
-- Matches computed before this step may pair people who know each other.
INSERT OR IGNORE INTO need_stale (note_id)
    SELECT n.id FROM note n
    WHERE n.mark IS NOT NULL
      AND (EXISTS (SELECT 1 FROM person_link l WHERE l.a = n.person_id OR l.b = n.person_id)
           OR EXISTS (SELECT 1 FROM intro i WHERE i.a = n.person_id OR i.b = n.person_id));
