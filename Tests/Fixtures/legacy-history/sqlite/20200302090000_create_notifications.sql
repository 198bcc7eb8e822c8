-- strata:up
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind varchar(50) NOT NULL,
    payload text,
    read_at datetime,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX index_notifications_on_user_id ON notifications (user_id);

-- strata:down
DROP TABLE notifications;
