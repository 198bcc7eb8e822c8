import Foundation
import Strata
import StrataCLI
import StrataTestSupport
import Testing

/// Runs the CLI in-process with a captured console and an explicit environment.
struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async -> CLIRun {
        let captured = CapturedConsole()
        let status = await StrataMain.run(arguments: arguments, environment: environment, console: captured.console)
        return CLIRun(status: status, stdout: captured.stdout, stderr: captured.stderr)
    }

    /// Replaces what changes between runs (times, durations, temporary paths) with placeholders.
    static func normalize(_ text: String, replacing paths: [String: String] = [:]) -> String {
        var result = text
        for (path, placeholder) in paths.sorted(by: { $0.key.count > $1.key.count }) {
            result = result.replacingOccurrences(of: path, with: placeholder)
        }
        result = result.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"#, with: "<time>", options: .regularExpression)
        result = result.replacingOccurrences(of: #"\d+ ms"#, with: "N ms", options: .regularExpression)
        result = result.replacingOccurrences(of: RunnerIdentity.current.actor, with: "<actor>")
        // Column widths follow the placeholders' lengths, not the real values'.
        result = result.replacingOccurrences(of: #"(?<=\S) {2,}"#, with: "  ", options: .regularExpression)
        return result
    }

    /// Compares `actual` with `Golden/NAME.txt`; `STRATA_UPDATE_GOLDEN=1` rewrites the file.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt").path
        if ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing golden file \(name).txt>"
        #expect(actual == expected, "output differs from Golden/\(name).txt", sourceLocation: sourceLocation)
    }
}

/// A SQLite file database and a migrations directory for one CLI test.
struct CLIProject {
    let database: TestDatabase
    let fixture: MigrationFixture

    init(_ files: [String: String] = MigrationFixture.three) throws {
        database = try TestDatabases.sqliteFile()
        fixture = try MigrationFixture(files)
    }

    var arguments: [String] { ["--database", database.urlText, "--migrations", fixture.directory] }

    var paths: [String: String] {
        [fixture.directory: "<migrations>", database.filePath ?? "": "<db>"]
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) async -> CLIRun {
        await CLI.run(self.arguments + arguments, environment: environment)
    }

    func cleanup() async {
        fixture.cleanup()
        await database.drop()
    }
}
