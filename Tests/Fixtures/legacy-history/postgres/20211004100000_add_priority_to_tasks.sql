-- strata:up
ALTER TABLE tasks ADD COLUMN priority smallint NOT NULL DEFAULT 2;
ALTER TABLE tasks ADD CONSTRAINT tasks_priority_check CHECK (priority BETWEEN 1 AND 4);

-- strata:down
ALTER TABLE tasks DROP CONSTRAINT tasks_priority_check;
ALTER TABLE tasks DROP COLUMN priority;
