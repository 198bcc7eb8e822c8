-- strata:up
ALTER TABLE tasks ADD COLUMN priority integer NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 4);

-- strata:down
ALTER TABLE tasks DROP COLUMN priority;
