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
}
