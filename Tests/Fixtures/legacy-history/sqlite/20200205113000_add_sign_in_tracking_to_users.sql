-- strata:up
alter table users add column last_sign_in_at datetime;
alter table users add column sign_in_count integer not null default 0;

-- strata:down
alter table users drop column sign_in_count;
alter table users drop column last_sign_in_at;
