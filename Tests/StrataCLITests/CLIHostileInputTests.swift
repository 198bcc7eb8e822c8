import Foundation
import StrataTestSupport
import Testing

/// Hostile migration files: each is refused with a clear error naming it, and nothing runs —
/// not even the SQLite file is created.
@Suite("CLI: hostile migration files")
struct CLIHostileInputTests {
    static let cases: [(name: String, bytes: @Sendable () -> [UInt8], expected: String)] = [
        ("001_empty.sql", { [] }, "001_empty.sql:1: no up section"),
        ("002_utf16.sql", { [0xFF, 0xFE] + Array("-- strata:up".utf8).flatMap { [$0, 0] } }, "002_utf16.sql is UTF-16 text"),
        ("003_garbage.sql", { (0..<4096).map { _ in UInt8.random(in: 0...255) } + [0] }, "003_garbage.sql"),
        ("004_latin1.sql", { Array("-- strata:up\nSELECT 'caf".utf8) + [0xE9] + Array("';\n".utf8) }, "004_latin1.sql is not valid UTF-8 (byte 0xE9 at line 2)"),
        ("005_marker.sql", { Array("-- strata:up\nSELECT 1;\n-- strata:sideways\n".utf8) }, "005_marker.sql:3: unknown marker '-- strata:sideways'"),
        ("006_unterminated.sql", { Array("-- strata:up\nSELECT 'never closed;\n".utf8) }, "006_unterminated.sql: unterminated string literal"),
        ("007_control.sql", { Array("-- strata:up\nCREATE TABLE a (id INTEGER);\nROLLBACK;\n".utf8) }, "transaction control statement 'ROLLBACK'"),
    ]

    @Test(arguments: 0..<7)
    func refused(_ index: Int) async throws {
        let (name, bytes, expected) = Self.cases[index]
        let project = try CLIProject([:])
        try project.fixture.write(name, bytes: bytes())
        let result = await project.run(["migrate"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.contains("state: nothing was run"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.database.filePath!), "nothing ran: no database file")
        await project.cleanup()
    }

    @Test("a 1 GB file is refused before it is read")
    func hugeFile() async throws {
        let project = try CLIProject([:])
        let path = project.fixture.directory + "/001_huge.sql"
        _ = FileManager.default.createFile(atPath: path, contents: Data("-- strata:up\n".utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        let clock = ContinuousClock()
        var result = CLIRun(status: 0, stdout: "", stderr: "")
        let elapsed = await clock.measure { result = await project.run(["migrate"]) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("001_huge.sql is 1024 MiB; migration files are read up to 256 MiB"), "\(result.stderr)")
        // Reading and splitting 1 GB would take minutes in a debug build; the bound leaves room for a
        // loaded CI machine running the other suites at the same time.
        #expect(elapsed < .seconds(20))
        #expect(!FileManager.default.fileExists(atPath: project.database.filePath!))
        await project.cleanup()
    }

    @Test("every problem of a directory is listed at once")
    func severalProblems() async throws {
        let project = try CLIProject(["001_a.sql": "-- strata:up\nSELECT 1;\n", "001_b.sql": "-- strata:up\nSELECT 2;\n", "notes.sql": "SELECT 3;\n"])
        let result = await project.run(["validate"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: 2 problems in"))
        #expect(result.stderr.contains("duplicate version 001"))
        #expect(result.stderr.contains("notes.sql has no version in its name"))
        await project.cleanup()
    }
}
