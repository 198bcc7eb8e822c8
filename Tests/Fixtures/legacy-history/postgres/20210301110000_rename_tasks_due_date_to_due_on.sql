-- strata:up
ALTER TABLE tasks RENAME COLUMN due_date TO due_on;

-- strata:down
ALTER TABLE tasks RENAME COLUMN due_on TO due_date;
