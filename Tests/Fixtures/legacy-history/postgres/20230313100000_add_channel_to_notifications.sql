-- strata:up
ALTER TABLE notifications ADD COLUMN channel varchar(20);
UPDATE notifications SET channel = 'in_app';
ALTER TABLE notifications ALTER COLUMN channel SET NOT NULL;

-- strata:down
ALTER TABLE notifications DROP COLUMN channel;
