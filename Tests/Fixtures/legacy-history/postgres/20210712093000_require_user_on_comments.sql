-- strata:up
-- Comments from deleted users were already orphaned; drop them.
DELETE FROM comments WHERE user_id IS NULL;
ALTER TABLE comments ALTER COLUMN user_id SET NOT NULL;

-- strata:down
ALTER TABLE comments ALTER COLUMN user_id DROP NOT NULL;
