SET lock_timeout = '1s';
-- expect: rename-column
ALTER TABLE users RENAME COLUMN name TO full_name;
-- expect: rename-column
ALTER TABLE users RENAME email TO mail;
-- expect: nothing
ALTER INDEX users_email_idx RENAME TO users_mail_idx;
