-- strata:up
CREATE TABLE notifications (
    id bigserial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind varchar(50) NOT NULL,
    payload json,
    read_at timestamp,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX index_notifications_on_user_id ON notifications (user_id);

-- strata:down
DROP TABLE notifications;
