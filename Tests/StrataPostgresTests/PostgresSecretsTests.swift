import Foundation
import Strata
import StrataTestSupport
import Testing

/// A unique sentinel password sent through every command and every failure path: neither it
/// nor any four-character piece of it may appear in stdout, stderr (logs included, with
/// `--verbose`), `strata.toml` written by `init`, or the history and event tables.
@Suite("Secrets never leak", .serialized, .enabled(if: PostgresTestSupport.enabled))
struct PostgresSecretsTests {
    /// Consonants only, no hex digits or vowels, alternating lower and upper case: no word,
    /// SQL keyword or checksum Strata prints can contain a piece of it by chance (an all-upper
    /// sentinel once held "QLST", a piece of "SQLSTATE").
    static func sentinel() -> String {
        let alphabet = Array("ghjklmnpqrstvwxz")
        return String(
            (0..<24).map { index in
                let letter = alphabet.randomElement()!
                return index % 2 == 0 ? letter : Character(letter.uppercased())
            })
    }

    static func pieces(of secret: String) -> [String] {
        let characters = Array(secret)
        return (0...(characters.count - 4)).map { String(characters[$0..<($0 + 4)]) }
    }

    struct Leak: CustomStringConvertible {
        let piece: String
        let place: String
        let context: String
        var description: String { "'\(piece)' in \(place): …\(context)…" }
    }

    static func leaks(_ secrets: [String], in text: String, place: String) -> [Leak] {
        secrets.flatMap(pieces(of:)).compactMap { piece in
            guard let range = text.range(of: piece) else { return nil }
            let start = text.index(range.lowerBound, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
            let end = text.index(range.upperBound, offsetBy: 40, limitedBy: text.endIndex) ?? text.endIndex
            return Leak(piece: piece, place: place, context: String(text[start..<end]))
        }
    }

    @Test("the sentinel password never appears, whatever the command and whatever fails")
    func sentinelEverywhere() async throws {
        let right = Self.sentinel()
        let wrong = Self.sentinel()
        let database = try await PostgresTestSupport.database()
        try await database.use { database in
            guard case .postgres(let server) = database.url else { return }
            let role = "strata_sentinel_\(UInt32.random(in: 0...UInt32.max))"
            try await database.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(right)'")
            try await database.execute("GRANT ALL ON SCHEMA public TO \(role)")
            let name = server.database ?? "postgres"
            let good = "postgres://\(role):\(right)@127.0.0.1:\(server.port)/\(name)?sslmode=disable"
            let urls = [
                "good": good,
                "wrong password": "postgres://\(role):\(wrong)@127.0.0.1:\(server.port)/\(name)?sslmode=disable",
                "unknown host": "postgres://\(role):\(right)@no-such-host.invalid:5432/\(name)?connect_timeout=3",
                "refused": "postgres://\(role):\(right)@127.0.0.1:1/\(name)?sslmode=disable",
                "tls refused": "postgres://\(role):\(right)@127.0.0.1:\(server.port)/\(name)?sslmode=require",
                "bad port": "postgres://\(role):\(right)@127.0.0.1:port/\(name)",
                "bad parameter": "postgres://\(role):\(right)@127.0.0.1/\(name)?frobnicate=yes",
                "no scheme": "\(role):\(right)@127.0.0.1/\(name)",
                "mangled": "postgres//\(role)?\(right)@127.0.0.1/\(name)",
            ]
            let fixture = try MigrationFixture(
                MigrationFixture.three.merging([
                    "004_broken.sql": "-- strata:up\nSELECT * FROM no_such_table;\n",
                    "005_later.sql": "-- strata:up transaction=false\nCREATE TABLE later (id INTEGER);\nSELECT nope();\n",
                ]) { _, new in new })
            defer { fixture.cleanup() }
            let workspace = NSTemporaryDirectory() + "strata-secrets-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: workspace) }

            let commands: [[String]] = [
                ["status"], ["status", "--exit-code"], ["migrate"], ["migrate", "--dry-run"], ["migrate", "--to", "3"],
                ["rollback"], ["rollback", "--dry-run"], ["redo"], ["validate"], ["history"], ["baseline", "--version", "1"],
                ["repair", "--forget"], ["repair", "--mark-applied"], ["repair", "--realign-checksums"], ["new", "x"],
                ["init", "--config", workspace + "/strata.toml"],
                ["adopt", "--from", "dbmate", "--dry-run"], ["adopt", "--from", "dbmate"],
                ["adopt", "--from", "alembic", "--write-baseline", "base", "--dry-run"],
            ]
            var found: [Leak] = []
            var runs = 0
            var applied = 0
            var refusedWrong = 0
            for (label, url) in urls.sorted(by: { $0.key < $1.key }) {
                for command in commands {
                    for flags in [[], ["--verbose"], ["--json"]] {
                        for viaEnvironment in [false, true] {
                            let arguments = (viaEnvironment ? [] : ["--database", url]) + ["--migrations", fixture.directory] + flags + command
                            let result = try await StrataProcess.run(
                                arguments, environment: viaEnvironment ? ["DATABASE_URL": url] : [:],
                                directory: workspace)
                            runs += 1
                            if label == "good", result.status == 0 { applied += 1 }
                            if label == "wrong password", result.status == 1, result.stderr.contains("authentication") { refusedWrong += 1 }
                            let place = "\(label): strata \(arguments.joined(separator: " ").replacingOccurrences(of: url, with: "<url>"))"
                            found += Self.leaks([right, wrong], in: result.stdout, place: "stdout of " + place)
                            found += Self.leaks([right, wrong], in: result.stderr, place: "stderr of " + place)
                        }
                    }
                }
            }
            let config = (try? String(contentsOfFile: workspace + "/strata.toml", encoding: .utf8)) ?? ""
            found += Self.leaks([right, wrong], in: config, place: "strata.toml written by init")
            for table in ["strata_schema_history", "strata_schema_history_events"] {
                let rows = try await database.query("SELECT t::text AS row FROM \(table) t")
                found += Self.leaks([right, wrong], in: rows.compactMap { $0["row"].string }.joined(separator: "\n"), place: table)
            }
            let events = try await database.events()
            #expect(events.contains { $0.action == .failure }, "the SQL error paths ran")
            // The sweep reached the database, not only errors: the good URL applied, the others were refused.
            #expect(applied > 0 && refusedWrong > 0, "good URL runs that succeeded: \(applied); wrong-password runs refused: \(refusedWrong)")
            #expect(found.isEmpty, "\(found.count) leaks: \(found.prefix(5))")
        }
    }
}
