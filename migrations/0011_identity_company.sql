-- The name key index carries the company too: the duplicates review reads
-- every name block with its companies (to split a common name by company)
-- off the index alone, without a lookup per person.
DROP INDEX person_name_key;
CREATE INDEX person_name_company ON person(name_key, company) WHERE archived_at IS NULL;
