-- strata:up
-- Comments from deleted users were already orphaned; drop them, then rebuild with user_id NOT NULL.
DELETE FROM comments WHERE user_id IS NULL;
CREATE TABLE new_comments (
    id INTEGER PRIMARY KEY,
    task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id integer NOT NULL REFERENCES users (id),
    body text NOT NULL,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_comments (id, task_id, user_id, body, created_at, updated_at)
    SELECT id, task_id, user_id, body, created_at, updated_at FROM comments;
DROP TABLE comments;
ALTER TABLE new_comments RENAME TO comments;

-- strata:down
CREATE TABLE new_comments (
    id INTEGER PRIMARY KEY,
    task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id integer REFERENCES users (id),
    body text NOT NULL,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO new_comments (id, task_id, user_id, body, created_at, updated_at)
    SELECT id, task_id, user_id, body, created_at, updated_at FROM comments;
DROP TABLE comments;
ALTER TABLE new_comments RENAME TO comments;
