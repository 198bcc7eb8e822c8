import Foundation
import StrataTestSupport
import Testing

/// A `strata` run interrupted by Ctrl-C or SIGTERM drops the scratch databases it made.
@Suite("PostgreSQL: an interrupted run", .enabled(if: PostgresTestSupport.enabled))
struct PostgresInterruptTests {
    @Test("SIGINT or SIGTERM during `strata test` drops its scratch database on the way out, and exits 128 + the signal", arguments: [SIGINT, SIGTERM])
    func interruptedTest(_ signal: Int32) async throws {
        try await PostgresTestSupport.database().use { database in
            let fixture = try MigrationFixture([
                "001_t.sql": "-- strata:up\nCREATE TABLE t (id bigint PRIMARY KEY, a text, b text);\n-- strata:down\nDROP TABLE t;\n",
                "002_i.sql": "-- strata:up\nCREATE INDEX t_a ON t (a);\n-- strata:down\nDROP INDEX t_a;\n",
            ])
            defer { fixture.cleanup() }
            let running = try StrataProcess.start(
                ["-d", database.urlText, "--migrations", fixture.directory, "--verbose", "test", "--all", "--rows", "400000"])
            // The migrations run on the scratch database: it is there.
            try await running.waitForError("read the history without the lock")
            kill(running.pid, signal)
            let result = await running.wait()
            #expect(result.status == 128 + signal, "\(result.stderr.suffix(400))")
            let said = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("interrupted: dropped the scratch database ") }, "\(result.stderr.suffix(400))")
            let name = String(said.dropFirst("interrupted: dropped the scratch database ".count))
            #expect(try await database.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)]).isEmpty, "\(name) is gone")
        }
    }

    @Test("SIGINT while `strata diff` works in a dev database empties it on the way out, and the next run may use it")
    func interruptedDevDatabase() async throws {
        try await PostgresTestSupport.database().use { dev in
            let directory = NSTemporaryDirectory() + "strata-dev-interrupt-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try "CREATE TABLE a (id bigint PRIMARY KEY);\n".write(toFile: directory + "/current.sql", atomically: true, encoding: .utf8)
            // Loading the desired side stops for a while once its first table is there.
            try "CREATE TABLE a (id bigint PRIMARY KEY, name text);\nSELECT pg_sleep(60);\nCREATE TABLE b (id bigint);\n"
                .write(toFile: directory + "/desired.sql", atomically: true, encoding: .utf8)
            let arguments = ["diff", "--from", directory + "/current.sql", "--to", directory + "/desired.sql", "--dev-database", dev.urlText]
            let running = try StrataProcess.start(arguments)
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while try await dev.query("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('public.a') AND attname = 'name'").isEmpty {
                guard clock.now < deadline else { throw CancellationError() }
                try await Task.sleep(for: .milliseconds(50))
            }
            kill(running.pid, SIGINT)
            let result = await running.wait()
            #expect(result.status == 128 + SIGINT, "\(result.stderr.suffix(400))")
            let name = try #require(dev.databaseName.split(separator: "\"").first.map(String.init))
            #expect(result.stderr.contains("interrupted: emptied the dev database \(name)"), "\(result.stderr.suffix(400))")
            #expect(try await dev.tables().isEmpty)
            // Nothing left: a run may use it again.
            try "CREATE TABLE a (id bigint PRIMARY KEY, name text);\n".write(toFile: directory + "/desired.sql", atomically: true, encoding: .utf8)
            let again = try StrataProcess.start(arguments)
            let next = await again.wait()
            #expect(next.status == 0 && next.stdout.contains("ALTER TABLE public.a ADD COLUMN name text;"), "\(next.stderr.suffix(400))")
        }
    }
}
