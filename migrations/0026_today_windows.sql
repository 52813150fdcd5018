-- Today reads its reconnect candidates and birthdays off indexes that carry
-- what it filters and ranks by, so only the few it shows are read in full.

-- Who may be due, with their archive and snooze state: the most overdue of
-- each rhythm are ranked from the index alone.
DROP INDEX person_touch_reconnect;
CREATE INDEX person_touch_reconnect ON person_touch(every, reconnect_on, live, snoozed_until)
    WHERE reconnect_on IS NOT NULL;

-- Birthdays of people not archived, by month and day, with what Today shows.
CREATE INDEX person_birthday_live ON person(substr(birthday, -5), name, birthday)
    WHERE birthday IS NOT NULL AND archived_at IS NULL;

-- Archived people who still have an open follow-up: their few follow-ups are
-- taken off the overdue and due counts, which count everyone's off an index.
CREATE INDEX person_touch_hidden_follow_up ON person_touch(next_follow_up, person_id)
    WHERE live = 0 AND next_follow_up IS NOT NULL;
