SET lock_timeout = '1s';
-- expect: unique-without-index
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- expect: unique-without-index
ALTER TABLE users ADD PRIMARY KEY (id);
-- expect: nothing
ALTER TABLE users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_idx;
-- expect: nothing
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;
