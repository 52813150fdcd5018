-- Dates stay within the years 1900–2200 that Kith supports (src/when.rs):
-- a far-future follow-up or an unreadable time would otherwise make every
-- screen that shows it fail. Every entry point checks the range; these
-- triggers refuse any other date whoever writes, even another program.
--
-- Triggers rather than CHECK constraints: SQLite adds a CHECK only by
-- rebuilding each table (the 12-step ALTER), recreating every index, view and
-- trigger on it (the search index and touch summary included) and rewriting
-- every row in one go; and a CHECK would make this migration fail on a store
-- that already holds a bad date. Triggers refuse the same new rows, leave
-- existing ones in place for `kith check` to report, and cost one step.
--
-- Forms: a date is YYYY-MM-DD and real (no 02-31); an instant is
-- YYYY-MM-DDTHH:MM:SS with optional fraction and zone, as written by
-- src/when.rs's to_db; a birthday is a date or --MM-DD (year unknown).

CREATE TRIGGER person_dates_bi BEFORE INSERT ON person BEGIN
    SELECT RAISE(ABORT, 'person.birthday: not a date within the years 1900-2200')
        WHERE NEW.birthday IS NOT NULL AND NOT ((NEW.birthday GLOB '--[0-9][0-9]-[0-9][0-9]' AND date('2000' || substr(NEW.birthday, 2)) IS '2000' || substr(NEW.birthday, 2)) OR (length(NEW.birthday) = 10 AND date(NEW.birthday) IS NEW.birthday AND NEW.birthday BETWEEN '1900-01-01' AND '2200-12-31'));
    SELECT RAISE(ABORT, 'person.archived_at: not a time within the years 1900-2200')
        WHERE NEW.archived_at IS NOT NULL AND NOT (NEW.archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.archived_at) IS NOT NULL AND date(substr(NEW.archived_at, 1, 10)) IS substr(NEW.archived_at, 1, 10) AND substr(NEW.archived_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'person.bumped_at: not a time within the years 1900-2200')
        WHERE NEW.bumped_at IS NOT NULL AND NOT (NEW.bumped_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.bumped_at) IS NOT NULL AND date(substr(NEW.bumped_at, 1, 10)) IS substr(NEW.bumped_at, 1, 10) AND substr(NEW.bumped_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'person.prompt_snoozed_until: not a date within the years 1900-2200')
        WHERE NEW.prompt_snoozed_until IS NOT NULL AND NOT (length(NEW.prompt_snoozed_until) = 10 AND date(NEW.prompt_snoozed_until) IS NEW.prompt_snoozed_until AND NEW.prompt_snoozed_until BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'person.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'person.updated_at: not a time within the years 1900-2200')
        WHERE NEW.updated_at IS NOT NULL AND NOT (NEW.updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.updated_at) IS NOT NULL AND date(substr(NEW.updated_at, 1, 10)) IS substr(NEW.updated_at, 1, 10) AND substr(NEW.updated_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER person_dates_bu BEFORE UPDATE OF birthday, archived_at, bumped_at, prompt_snoozed_until, created_at, updated_at ON person BEGIN
    SELECT RAISE(ABORT, 'person.birthday: not a date within the years 1900-2200')
        WHERE NEW.birthday IS NOT NULL AND NOT ((NEW.birthday GLOB '--[0-9][0-9]-[0-9][0-9]' AND date('2000' || substr(NEW.birthday, 2)) IS '2000' || substr(NEW.birthday, 2)) OR (length(NEW.birthday) = 10 AND date(NEW.birthday) IS NEW.birthday AND NEW.birthday BETWEEN '1900-01-01' AND '2200-12-31'));
    SELECT RAISE(ABORT, 'person.archived_at: not a time within the years 1900-2200')
        WHERE NEW.archived_at IS NOT NULL AND NOT (NEW.archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.archived_at) IS NOT NULL AND date(substr(NEW.archived_at, 1, 10)) IS substr(NEW.archived_at, 1, 10) AND substr(NEW.archived_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'person.bumped_at: not a time within the years 1900-2200')
        WHERE NEW.bumped_at IS NOT NULL AND NOT (NEW.bumped_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.bumped_at) IS NOT NULL AND date(substr(NEW.bumped_at, 1, 10)) IS substr(NEW.bumped_at, 1, 10) AND substr(NEW.bumped_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'person.prompt_snoozed_until: not a date within the years 1900-2200')
        WHERE NEW.prompt_snoozed_until IS NOT NULL AND NOT (length(NEW.prompt_snoozed_until) = 10 AND date(NEW.prompt_snoozed_until) IS NEW.prompt_snoozed_until AND NEW.prompt_snoozed_until BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'person.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'person.updated_at: not a time within the years 1900-2200')
        WHERE NEW.updated_at IS NOT NULL AND NOT (NEW.updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.updated_at) IS NOT NULL AND date(substr(NEW.updated_at, 1, 10)) IS substr(NEW.updated_at, 1, 10) AND substr(NEW.updated_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER event_dates_bi BEFORE INSERT ON event BEGIN
    SELECT RAISE(ABORT, 'event.starts_on: not a date within the years 1900-2200')
        WHERE NEW.starts_on IS NOT NULL AND NOT (length(NEW.starts_on) = 10 AND date(NEW.starts_on) IS NEW.starts_on AND NEW.starts_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'event.ends_on: not a date within the years 1900-2200')
        WHERE NEW.ends_on IS NOT NULL AND NOT (length(NEW.ends_on) = 10 AND date(NEW.ends_on) IS NEW.ends_on AND NEW.ends_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'event.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER event_dates_bu BEFORE UPDATE OF starts_on, ends_on, created_at ON event BEGIN
    SELECT RAISE(ABORT, 'event.starts_on: not a date within the years 1900-2200')
        WHERE NEW.starts_on IS NOT NULL AND NOT (length(NEW.starts_on) = 10 AND date(NEW.starts_on) IS NEW.starts_on AND NEW.starts_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'event.ends_on: not a date within the years 1900-2200')
        WHERE NEW.ends_on IS NOT NULL AND NOT (length(NEW.ends_on) = 10 AND date(NEW.ends_on) IS NEW.ends_on AND NEW.ends_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'event.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER meeting_dates_bi BEFORE INSERT ON meeting BEGIN
    SELECT RAISE(ABORT, 'meeting.met_on: not a date within the years 1900-2200')
        WHERE NEW.met_on IS NOT NULL AND NOT (length(NEW.met_on) = 10 AND date(NEW.met_on) IS NEW.met_on AND NEW.met_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'meeting.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER meeting_dates_bu BEFORE UPDATE OF met_on, created_at ON meeting BEGIN
    SELECT RAISE(ABORT, 'meeting.met_on: not a date within the years 1900-2200')
        WHERE NEW.met_on IS NOT NULL AND NOT (length(NEW.met_on) = 10 AND date(NEW.met_on) IS NEW.met_on AND NEW.met_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'meeting.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER note_dates_bi BEFORE INSERT ON note BEGIN
    SELECT RAISE(ABORT, 'note.happened_at: not a time within the years 1900-2200')
        WHERE NEW.happened_at IS NOT NULL AND NOT (NEW.happened_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.happened_at) IS NOT NULL AND date(substr(NEW.happened_at, 1, 10)) IS substr(NEW.happened_at, 1, 10) AND substr(NEW.happened_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'note.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER note_dates_bu BEFORE UPDATE OF happened_at, created_at ON note BEGIN
    SELECT RAISE(ABORT, 'note.happened_at: not a time within the years 1900-2200')
        WHERE NEW.happened_at IS NOT NULL AND NOT (NEW.happened_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.happened_at) IS NOT NULL AND date(substr(NEW.happened_at, 1, 10)) IS substr(NEW.happened_at, 1, 10) AND substr(NEW.happened_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'note.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER reminder_dates_bi BEFORE INSERT ON reminder BEGIN
    SELECT RAISE(ABORT, 'reminder.due_on: not a date within the years 1900-2200')
        WHERE NEW.due_on IS NOT NULL AND NOT (length(NEW.due_on) = 10 AND date(NEW.due_on) IS NEW.due_on AND NEW.due_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'reminder.snoozed_until: not a date within the years 1900-2200')
        WHERE NEW.snoozed_until IS NOT NULL AND NOT (length(NEW.snoozed_until) = 10 AND date(NEW.snoozed_until) IS NEW.snoozed_until AND NEW.snoozed_until BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'reminder.done_at: not a time within the years 1900-2200')
        WHERE NEW.done_at IS NOT NULL AND NOT (NEW.done_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.done_at) IS NOT NULL AND date(substr(NEW.done_at, 1, 10)) IS substr(NEW.done_at, 1, 10) AND substr(NEW.done_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'reminder.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;

CREATE TRIGGER reminder_dates_bu BEFORE UPDATE OF due_on, snoozed_until, done_at, created_at ON reminder BEGIN
    SELECT RAISE(ABORT, 'reminder.due_on: not a date within the years 1900-2200')
        WHERE NEW.due_on IS NOT NULL AND NOT (length(NEW.due_on) = 10 AND date(NEW.due_on) IS NEW.due_on AND NEW.due_on BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'reminder.snoozed_until: not a date within the years 1900-2200')
        WHERE NEW.snoozed_until IS NOT NULL AND NOT (length(NEW.snoozed_until) = 10 AND date(NEW.snoozed_until) IS NEW.snoozed_until AND NEW.snoozed_until BETWEEN '1900-01-01' AND '2200-12-31');
    SELECT RAISE(ABORT, 'reminder.done_at: not a time within the years 1900-2200')
        WHERE NEW.done_at IS NOT NULL AND NOT (NEW.done_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.done_at) IS NOT NULL AND date(substr(NEW.done_at, 1, 10)) IS substr(NEW.done_at, 1, 10) AND substr(NEW.done_at, 1, 4) BETWEEN '1900' AND '2200');
    SELECT RAISE(ABORT, 'reminder.created_at: not a time within the years 1900-2200')
        WHERE NEW.created_at IS NOT NULL AND NOT (NEW.created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND julianday(NEW.created_at) IS NOT NULL AND date(substr(NEW.created_at, 1, 10)) IS substr(NEW.created_at, 1, 10) AND substr(NEW.created_at, 1, 4) BETWEEN '1900' AND '2200');
END;
