-- expect: sqlite-unsupported-alter
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- expect: sqlite-unsupported-alter
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- expect: sqlite-unsupported-alter
ALTER TABLE users ADD COLUMN code TEXT NOT NULL;
-- expect: sqlite-unsupported-alter
ALTER TABLE users ADD COLUMN id2 INTEGER PRIMARY KEY;
-- expect: nothing
ALTER TABLE users ADD COLUMN note TEXT NOT NULL DEFAULT '';
-- expect: nothing
ALTER TABLE users RENAME COLUMN note TO remark;
-- expect: nothing
CREATE TRIGGER t AFTER INSERT ON users BEGIN UPDATE stats SET n = n + 1; END;
-- expect: sqlite-unsupported-alter
ALTER TABLE users ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP;
-- expect: sqlite-unsupported-alter
ALTER TABLE users ADD COLUMN total INTEGER GENERATED ALWAYS AS (a + b) STORED;
-- expect: nothing
ALTER TABLE users ADD COLUMN total2 INTEGER GENERATED ALWAYS AS (a + b) VIRTUAL;
