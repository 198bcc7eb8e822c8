-- strata:up
CREATE TABLE task_dependencies (
    task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    depends_on_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (task_id, depends_on_id),
    CHECK (task_id <> depends_on_id)
);
CREATE INDEX index_task_dependencies_on_depends_on_id ON task_dependencies (depends_on_id);

-- strata:down
DROP TABLE task_dependencies;
