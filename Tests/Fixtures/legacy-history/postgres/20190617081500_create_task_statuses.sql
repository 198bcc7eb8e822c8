-- strata:up
CREATE TABLE task_statuses (
    name varchar(20) PRIMARY KEY,
    label varchar(50) NOT NULL,
    position integer NOT NULL
);

INSERT INTO task_statuses (name, label, position) VALUES
    ('open', 'Open', 1),
    ('in_progress', 'In progress', 2),
    ('blocked', 'Blocked', 3),
    ('done', 'Done', 4);

ALTER TABLE tasks ADD CONSTRAINT fk_tasks_status FOREIGN KEY (status) REFERENCES task_statuses (name);

-- strata:down
ALTER TABLE tasks DROP CONSTRAINT fk_tasks_status;
DROP TABLE task_statuses;
