-- strata:up
alter table users
    add column last_sign_in_at timestamp,
    add column sign_in_count integer not null default 0;

-- strata:down
alter table users
    drop column sign_in_count,
    drop column last_sign_in_at;
