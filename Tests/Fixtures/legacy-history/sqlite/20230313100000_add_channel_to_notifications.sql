-- strata:up
ALTER TABLE notifications ADD COLUMN channel varchar(20) NOT NULL DEFAULT 'in_app';

-- strata:down
ALTER TABLE notifications DROP COLUMN channel;
