-- strata:up
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    comment_id integer NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    filename varchar(255) NOT NULL,
    content_type varchar(100) NOT NULL,
    byte_size integer NOT NULL,
    storage_key varchar(255) NOT NULL,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX index_attachments_on_comment_id ON attachments (comment_id);

-- strata:down
DROP TABLE attachments;
