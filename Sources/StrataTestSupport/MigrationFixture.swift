import Foundation
package import Strata

/// A temporary migrations directory written from file names and contents.
package struct MigrationFixture: Sendable {
    package let directory: String

    /// Writes `files` (relative path → content) into a new temporary directory.
    package init(_ files: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-migrations-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, content) in files { try write(name, content) }
    }

    /// Writes one file (creating folders as needed).
    package func write(_ name: String, _ content: String) throws {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Writes raw bytes (for BOMs, CRLF, invalid encodings).
    package func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
    }

    package func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: directory + "/" + name)
    }

    package func rename(_ name: String, to newName: String) throws {
        try FileManager.default.moveItem(atPath: directory + "/" + name, toPath: directory + "/" + newName)
    }

    /// The migrations Strata reads from the directory.
    package func migrations(adding swift: [SwiftMigration] = [], placeholders: Placeholders = Placeholders()) throws -> [Migration] {
        try MigrationSource.directory(directory, placeholders: placeholders).adding(swift).load()
    }

    package func cleanup() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Three native migrations valid on SQLite and PostgreSQL: users, posts (with an index), users.email.
    package static let three: [String: String] = [
        "001_create_users.sql": """
        -- strata:up
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

        -- strata:down
        DROP TABLE users;
        """,
        "002_create_posts.sql": """
        -- strata:up
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users (id),
            title TEXT NOT NULL -- a comment; with a semicolon
        );
        CREATE INDEX posts_user_idx ON posts (user_id);

        -- strata:down
        DROP TABLE posts;
        """,
        "003_add_email.sql": """
        -- strata:up
        ALTER TABLE users ADD COLUMN email TEXT;

        -- strata:down
        ALTER TABLE users DROP COLUMN email;
        """,
    ]
}
