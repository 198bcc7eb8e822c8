import Foundation
import Strata
import StrataTestSupport
import Testing

/// Runs backup create, verify --deep and restore as a child `strata` with a sentinel password,
/// through wrappers of pg_dump and pg_restore that record their arguments and environment.
enum PostgresBackupSecrets {
    static func check(_ database: TestDatabase) async throws {
        guard case .postgres(var url) = database.url else { return }
        let letters = Array("ghjkmnpqrstvwxyz")
        let sentinel = PostgresSecretsTests.sentinel()
        let role = "strata_sentinel_" + String((0..<8).map { _ in letters.randomElement()! })
        try await database.execute("CREATE ROLE \(role) LOGIN SUPERUSER PASSWORD '\(sentinel)'")
        defer { Task { try? await database.execute("DROP ROLE IF EXISTS \(role)") } }
        try await BackupScenarios.seed(database, rows: 50)
        url.user = role
        url.password = Secret(sentinel)
        let urlText = TestDatabases.unredacted(url)

        let workspace = try BackupScenarios.Workspace()
        defer { workspace.cleanup() }
        let bin = workspace.directory + "-bin"
        let log = workspace.directory + "-log"
        defer {
            try? FileManager.default.removeItem(atPath: bin)
            try? FileManager.default.removeItem(atPath: log)
        }
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
        for tool in ["pg_dump", "pg_restore"] {
            let real = try realTool(tool)
            let script = """
                #!/bin/sh
                printf '%s\\n' "$0" "$@" >> '\(log)/argv'
                tr '\\0' '\\n' < /proc/$$/environ >> '\(log)/environ'
                [ -n "$PGPASSFILE" ] && stat -c '%a' "$PGPASSFILE" >> '\(log)/passfile-mode' && echo "$PGPASSFILE" >> '\(log)/passfile-path'
                exec '\(real)' "$@"
                """
            try script.write(toFile: bin + "/" + tool, atomically: true, encoding: .utf8)
            chmod(bin + "/" + tool, 0o755)
        }
        let environment = ["STRATA_BACKUP_PG_BIN": bin]
        var outputs: [String] = []
        for arguments in [
            ["backup", "create"], ["backup", "verify", "--all", "--deep"], ["backup", "restore", "--latest", "--yes"],
            ["backup", "list", "--json"],
        ] {
            let result = try await StrataProcess.run(
                ["--database", urlText, "--verbose"] + arguments + ["--directory", workspace.directory],
                environment: environment)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        let modes = try String(contentsOfFile: log + "/passfile-mode", encoding: .utf8).split(separator: "\n")
        #expect(!modes.isEmpty && modes.allSatisfy { $0 == "600" }, "the passfile is 0600: \(modes)")
        for path in try String(contentsOfFile: log + "/passfile-path", encoding: .utf8).split(separator: "\n") {
            #expect(!FileManager.default.fileExists(atPath: String(path)), "the passfile \(path) is removed")
        }
        var texts = outputs
        texts.append(try String(contentsOfFile: log + "/argv", encoding: .utf8))
        texts.append(try String(contentsOfFile: log + "/environ", encoding: .utf8))
        for entry in try BackupCatalog(directory: workspace.directory).entries {
            texts.append(try String(contentsOfFile: entry.path + "/metadata.json", encoding: .utf8))
        }
        let pieces = (0...(sentinel.count - 4)).map { Array(sentinel)[$0..<$0 + 4] }.map { String($0) }
        for (index, text) in texts.enumerated() {
            for piece in pieces {
                #expect(!text.contains(piece), "text \(index) holds a piece of the password")
            }
        }
    }

    static func realTool(_ name: String) throws -> String {
        for directory in ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin", "/usr/bin", "/usr/local/bin"]
        where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        throw ConformanceFailure(message: "no \(name) on this machine")
    }
}
