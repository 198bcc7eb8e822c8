-- strata:up
CREATE TABLE project_members (
    project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role varchar(20) NOT NULL DEFAULT 'editor',
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX index_project_members_on_user_id ON project_members (user_id);

-- strata:down
DROP TABLE project_members;
