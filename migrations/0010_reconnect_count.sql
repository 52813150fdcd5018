-- Today counts everyone due a reconnect, and at 100,000 people most may be.
-- The count reads indexes only: the rhythm index for the count per rhythm,
-- this one for people met at an event (with their reconnect day, to leave
-- out those the rhythm index counted already), and the few people hidden
-- from Today (archived, or their prompt snoozed) through the last one.
DROP INDEX person_touch_met_clock;
CREATE INDEX person_touch_met_clock ON person_touch(met_clock, reconnect_on) WHERE met_clock IS NOT NULL;
CREATE INDEX person_hidden_prompt ON person(id)
    WHERE archived_at IS NOT NULL OR prompt_snoozed_until IS NOT NULL;
