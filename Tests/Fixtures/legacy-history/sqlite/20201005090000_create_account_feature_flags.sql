-- strata:up
CREATE TABLE account_feature_flags (
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    feature_flag_id integer NOT NULL REFERENCES feature_flags (id) ON DELETE CASCADE,
    enabled boolean NOT NULL,
    created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (account_id, feature_flag_id)
);

-- strata:down
DROP TABLE account_feature_flags;
