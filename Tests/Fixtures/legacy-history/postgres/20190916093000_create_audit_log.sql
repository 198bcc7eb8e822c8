-- strata:up
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    account_id integer,
    user_id integer,
    action varchar(100) NOT NULL,
    subject_type varchar(50),
    subject_id integer,
    payload text,
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX index_audit_log_on_account_id_and_created_at ON audit_log (account_id, created_at);

-- strata:down
DROP TABLE audit_log;
