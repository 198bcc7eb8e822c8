extension DiffScenarios {
    static let sqliteBase = """
        CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, nick TEXT);
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, title TEXT, body TEXT);
        CREATE INDEX posts_user ON posts (user_id);
        CREATE VIEW post_titles AS SELECT p.id, u.email, p.title FROM posts p JOIN users u ON u.id = p.user_id;
        CREATE TRIGGER users_touch AFTER UPDATE OF email ON users BEGIN UPDATE posts SET title = title WHERE user_id = NEW.id; END;
        """

    static let sqliteSeed = [
        "INSERT INTO users (email, nick) VALUES ('ada@example.com', 'ada'), ('bob@example.com', NULL), ('cy@example.com', 'cy')",
        "DELETE FROM users WHERE id = 3",
        "INSERT INTO posts (user_id, title, body) VALUES (1, 'one', 'a'), (1, 'two', 'b'), (2, 'three', NULL)",
    ]

    /// (current, desired) pairs covering every SQLite object kind the diff plans.
    package static let sqliteCases: [Case] = [
        Case(
            "tables added and dropped, a plain column added by ALTER", current: sqliteBase + "\nCREATE TABLE old_logs (id INTEGER PRIMARY KEY, line TEXT);",
            desired: sqliteBase.replacingOccurrences(of: "nick TEXT)", with: "nick TEXT, bio TEXT DEFAULT '')")
                + "\nCREATE TABLE tags (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE, tag TEXT NOT NULL);",
            allowDataLoss: true, steps: ["create table tags", "drop table old_logs", "add column users.bio"], seed: sqliteSeed,
            kept: ["SELECT count(*) FROM posts", "SELECT group_concat(email) FROM users"]),
        Case(
            "the rebuild: a column dropped, a type and NOT NULL changed; child rows under ON DELETE CASCADE, the view, the trigger and AUTOINCREMENT kept",
            current: sqliteBase,
            desired: sqliteBase.replacingOccurrences(of: "email TEXT NOT NULL, nick TEXT", with: "email TEXT NOT NULL UNIQUE, nick VARCHAR(40) NOT NULL DEFAULT ''")
                .replacingOccurrences(of: "title TEXT, body TEXT", with: "title TEXT NOT NULL DEFAULT 'untitled', body TEXT"),
            allowDataLoss: true, steps: ["rebuild table users", "rebuild table posts"],
            seed: sqliteSeed + ["UPDATE users SET nick = '' WHERE nick IS NULL", "UPDATE posts SET title = 'x' WHERE title IS NULL"],
            kept: ["SELECT count(*) FROM posts", "SELECT seq FROM sqlite_sequence WHERE name = 'users'", "SELECT group_concat(title) FROM post_titles"]),
        Case(
            "STRICT and WITHOUT ROWID, a CHECK and a foreign key added by rebuild",
            current: "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);\nCREATE TABLE owners (id INTEGER PRIMARY KEY);\nCREATE TABLE pets (id INTEGER PRIMARY KEY, owner INTEGER, age INTEGER);",
            desired:
                "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID, STRICT;\nCREATE TABLE owners (id INTEGER PRIMARY KEY);\nCREATE TABLE pets (id INTEGER PRIMARY KEY, owner INTEGER REFERENCES owners (id), age INTEGER CHECK (age >= 0));",
            steps: ["rebuild table kv", "rebuild table pets"], seed: ["INSERT INTO kv VALUES ('a', '1')", "INSERT INTO owners VALUES (1)", "INSERT INTO pets VALUES (1, 1, 3)"],
            kept: ["SELECT v FROM kv WHERE k = 'a'", "SELECT count(*) FROM pets"]),
        Case(
            "a STRICT table rebuilt for a new CHECK keeps STRICT, its partial and expression indexes, its trigger and the view over it",
            current: """
                CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price INTEGER) STRICT;
                CREATE INDEX items_named ON items (lower(name)) WHERE price IS NOT NULL;
                CREATE TABLE audit (item INTEGER, at TEXT);
                CREATE TRIGGER items_audit AFTER UPDATE ON items BEGIN INSERT INTO audit VALUES (NEW.id, 'now'); END;
                CREATE VIEW cheap AS SELECT name FROM items WHERE price < 10;
                """,
            desired: """
                CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price INTEGER CHECK (price >= 0)) STRICT;
                CREATE INDEX items_named ON items (lower(name)) WHERE price IS NOT NULL;
                CREATE TABLE audit (item INTEGER, at TEXT);
                CREATE TRIGGER items_audit AFTER UPDATE ON items BEGIN INSERT INTO audit VALUES (NEW.id, 'now'); END;
                CREATE VIEW cheap AS SELECT name FROM items WHERE price < 10;
                """,
            steps: ["rebuild table items", "create trigger items_audit", "create view cheap"],
            seed: ["INSERT INTO items (name, price) VALUES ('a', 5), ('b', 50), ('c', NULL)", "DELETE FROM items WHERE name = 'c'"],
            kept: ["SELECT group_concat(name) FROM cheap", "SELECT seq FROM sqlite_sequence WHERE name = 'items'"]),
        Case(
            "indexes: partial and expression added, one changed in place, one dropped; unique constraint",
            current: sqliteBase + "\nCREATE INDEX posts_title ON posts (title);\nCREATE INDEX users_nick ON users (nick);",
            desired: sqliteBase.replacingOccurrences(of: "CREATE INDEX posts_user ON posts (user_id);", with: "CREATE INDEX posts_user ON posts (user_id, id);")
                + "\nCREATE INDEX posts_title ON posts (lower(title)) WHERE title IS NOT NULL;\nCREATE UNIQUE INDEX users_email ON users (email);",
            steps: ["create index posts_user", "create index posts_title", "create index users_email", "drop index users_nick"], seed: sqliteSeed),
        Case(
            "views and triggers: a chain of views changed in order, a trigger changed and one added",
            current: sqliteBase + "\nCREATE VIEW ada_titles AS SELECT title FROM post_titles WHERE email LIKE 'ada%';",
            desired: sqliteBase.replacingOccurrences(of: "SELECT p.id, u.email, p.title", with: "SELECT p.id, u.email, p.title, p.body")
                .replacingOccurrences(of: "AFTER UPDATE OF email ON users", with: "AFTER UPDATE OF email, nick ON users")
                + "\nCREATE VIEW ada_titles AS SELECT title, body FROM post_titles WHERE email LIKE 'ada%';"
                + "\nCREATE TRIGGER posts_guard BEFORE DELETE ON posts BEGIN SELECT RAISE(ABORT, 'no') WHERE OLD.title = 'keep'; END;",
            steps: ["drop view ada_titles", "create view post_titles", "create view ada_titles", "create trigger posts_guard"], seed: sqliteSeed),
        Case(
            "renames declared in the desired schema: a table and a column keep their rows",
            current: sqliteBase,
            desired: sqliteBase.replacingOccurrences(
                of: "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, nick TEXT);",
                with: """
                    -- strata:renamed-from users
                    CREATE TABLE members (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL,
                        -- strata:renamed-from nick
                        handle TEXT);
                    """
            ).replacingOccurrences(of: "REFERENCES users (id)", with: "REFERENCES members (id)").replacingOccurrences(of: "JOIN users u", with: "JOIN members u")
                .replacingOccurrences(of: "ON users BEGIN", with: "ON members BEGIN"),
            steps: ["rename table users to members", "rename column members.nick to handle"], seed: sqliteSeed,
            kept: ["SELECT count(*) FROM posts", "SELECT group_concat(email) FROM post_titles"]),
    ]
}
