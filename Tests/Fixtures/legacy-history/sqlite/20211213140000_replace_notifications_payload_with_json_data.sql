-- strata:up
-- Old notifications have payloads in three different shapes; nobody reads
-- notifications older than a few weeks, so start from a clean slate.
DELETE FROM notifications;
ALTER TABLE notifications DROP COLUMN payload;
ALTER TABLE notifications ADD COLUMN data text NOT NULL DEFAULT '{}' CHECK (json_valid(data));

-- strata:down
ALTER TABLE notifications DROP COLUMN data;
ALTER TABLE notifications ADD COLUMN payload text;
