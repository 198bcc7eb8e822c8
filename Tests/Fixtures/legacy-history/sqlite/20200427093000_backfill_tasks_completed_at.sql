-- strata:up
-- Best guess for tasks finished before we tracked it: their last update.
UPDATE tasks SET completed_at = updated_at WHERE status = 'done' AND completed_at IS NULL;

-- strata:down
UPDATE tasks SET completed_at = NULL;
