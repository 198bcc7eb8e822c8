-- strata:up
CREATE TABLE IF NOT EXISTS notification_preferences (
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_type varchar(50) NOT NULL,
    channel varchar(20) NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, event_type, channel)
);

-- strata:down
DROP TABLE IF EXISTS notification_preferences;
