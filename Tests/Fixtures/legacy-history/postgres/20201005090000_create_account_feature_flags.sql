-- strata:up
CREATE TABLE account_feature_flags (
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    feature_flag_id integer NOT NULL REFERENCES feature_flags (id) ON DELETE CASCADE,
    enabled boolean NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, feature_flag_id)
);

-- strata:down
DROP TABLE account_feature_flags;
