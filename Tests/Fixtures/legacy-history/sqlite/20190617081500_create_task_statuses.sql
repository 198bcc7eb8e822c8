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

-- tasks.status cannot get a foreign key without rebuilding tasks; the model validates it for now.

-- strata:down
DROP TABLE task_statuses;
