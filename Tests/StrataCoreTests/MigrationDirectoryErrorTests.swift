import Foundation
import Testing
import StrataCLI
@testable import StrataCore

/// Loads a directory of `files` (text) and `binaries` (raw bytes) that must fail; returns the error and the directory.
private func loadError(
    _ files: [String: String], binaries: [String: [UInt8]] = [:]
) throws -> (error: StrataError, directory: String) {
    try withTemporaryDirectory { directory in
        for (name, text) in files { try directory.write(name, text) }
        for (name, bytes) in binaries { try directory.write(name, bytes: bytes) }
        let error = try #require(throws: StrataError.self) { try MigrationDirectory.load(directory.path) }
        return (error, directory.path)
    }
}

/// The error's code is `.migrationSource`, its summary names `file`, and its location is `file:line`.
private func expectLocated(_ error: StrataError, file: String, line: Int?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(error.code == .migrationSource, sourceLocation: sourceLocation)
    #expect(error.summary.contains(file), "\(error.summary)", sourceLocation: sourceLocation)
    #expect(error.state == "nothing was run", sourceLocation: sourceLocation)
    if let line {
        #expect(error.location == StrataCore.SourceLocation(file: file, line: line, column: 1), sourceLocation: sourceLocation)
    }
}

@Suite("Migration directory: malformed files")
struct MigrationDirectoryErrorTests {
    @Test func noUpSectionWordForWord() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- just a comment\n\n-- strata:down\nDROP TABLE t;\n"])
        let file = directory + "/1_x.sql"
        expectLocated(error, file: file, line: 3)
        #expect(
            error.commandLine == """
                error: \(file):3: no -- strata:up section
                  at: \(file):3:1
                  state: nothing was run
                  next: start the migration with a line '-- strata:up'
                """)
    }

    @Test func noMarkersAtAll() throws {
        let (error, directory) = try loadError(["1_x.sql": "CREATE TABLE t (x int);\n"])
        expectLocated(error, file: directory + "/1_x.sql", line: 1)
        #expect(error.summary == "\(directory)/1_x.sql:1: no up section")
    }

    @Test func dbmateDownOnly() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- migrate:down\nDROP TABLE t;\n"])
        #expect(error.summary == "\(directory)/1_x.sql:1: no -- migrate:up section")
    }

    @Test func duplicateVersionAcrossFormatsWordForWord() throws {
        let (error, directory) = try loadError(["001_a.sql": "-- strata:up\nSELECT 1;", "V1__b.sql": "SELECT 1;"])
        expectLocated(error, file: directory + "/V1__b.sql", line: 1)
        #expect(
            error.commandLine == """
                error: \(directory)/V1__b.sql: duplicate version 1, also in \(directory)/001_a.sql
                  at: \(directory)/V1__b.sql:1:1
                  state: nothing was run
                  next: give one of them a new version
                """)
    }

    @Test func duplicateVersionBetweenPairAndGoose() throws {
        let (error, directory) = try loadError(["2_a.up.sql": "SELECT 1;", "2.0_b.sql": "-- +goose Up\nSELECT 1;"])
        #expect(error.summary == "\(directory)/2_a.up.sql: duplicate version 2, also in \(directory)/2.0_b.sql")
    }

    @Test func duplicateRepeatable() throws {
        let (error, directory) = try loadError(["R__views.sql": "SELECT 1;", "views.sql": "-- strata:repeatable\nSELECT 1;"])
        #expect(error.summary.hasPrefix("\(directory)/views.sql: duplicate repeatable migration 'views', also in \(directory)/R__views.sql"))
    }

    @Test func unknownMarkerWordForWord() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- strata:up\nSELECT 1;\n-- strata:upp\nSELECT 2;\n"])
        let file = directory + "/1_x.sql"
        expectLocated(error, file: file, line: 3)
        #expect(
            error.commandLine == """
                error: \(file):3: unknown marker '-- strata:upp'
                  at: \(file):3:1
                  state: nothing was run
                  next: use -- strata:up, -- strata:down, -- strata:repeatable
                """)
    }

    @Test func unknownOptions() throws {
        let native = try loadError(["1_x.sql": "-- strata:up transaction=off\nSELECT 1;\n"])
        expectLocated(native.error, file: native.directory + "/1_x.sql", line: 1)
        #expect(native.error.summary == "\(native.directory)/1_x.sql:1: unknown option 'transaction=off' on -- strata:up")
        #expect(native.error.nextStep == "the options are transaction=false and backfill table=… key=…")
        let dbmate = try loadError(["1_x.sql": "\n-- migrate:up transaction=false\nSELECT 1;\n"])
        #expect(dbmate.error.summary == "\(dbmate.directory)/1_x.sql:2: unknown option 'transaction=false' on -- migrate:up")
    }

    @Test func secondUpMarker() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- strata:up\nSELECT 1;\n-- strata:up\nSELECT 2;\n"])
        #expect(error.summary == "\(directory)/1_x.sql:3: second -- strata:up marker (the first is on line 1)")
    }

    @Test func sqlBeforeTheFirstMarker() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- header\nSELECT 0;\n-- strata:up\nSELECT 1;\n"])
        expectLocated(error, file: directory + "/1_x.sql", line: 2)
        #expect(error.summary == "\(directory)/1_x.sql:2: SQL before the first -- strata:up marker would belong to no section")
        let goose = try loadError(["1_x.sql": "SELECT 0;\n-- +goose Up\nSELECT 1;\n"])
        #expect(goose.error.summary == "\(goose.directory)/1_x.sql:1: SQL before the first -- +goose Up marker would belong to no section")
    }

    @Test func mixedMarkersWordForWord() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- strata:up\nSELECT 1;\n\n-- migrate:down\nSELECT 2;\n"])
        let file = directory + "/1_x.sql"
        expectLocated(error, file: file, line: 4)
        #expect(
            error.commandLine == """
                error: \(file):4: mixes native markers (line 1) with dbmate markers
                  at: \(file):4:1
                  state: nothing was run
                  next: use one format per file
                """)
    }

    @Test func downOnlyPair() throws {
        let (error, directory) = try loadError(["5_x.down.sql": "DROP TABLE t;"])
        expectLocated(error, file: directory + "/5_x.down.sql", line: nil)
        #expect(error.summary == "\(directory)/5_x.down.sql has no matching .up.sql file")
        #expect(error.nextStep == "add 5_x.up.sql or remove the down file")
    }

    @Test func undoWithoutVersioned() throws {
        let (error, directory) = try loadError(["U3__drop.sql": "DROP TABLE t;", "V2__create.sql": "CREATE TABLE t (x int);"])
        expectLocated(error, file: directory + "/U3__drop.sql", line: nil)
        #expect(error.summary == "\(directory)/U3__drop.sql is an undo migration without a V3__ file")
    }

    @Test func folderWithoutUpSQL() throws {
        let (error, directory) = try loadError(["4_x/down.sql": "DROP TABLE t;"])
        #expect(error.summary == "\(directory)/4_x has no up.sql")
    }

    @Test func sqlFileWithoutVersion() throws {
        let (error, directory) = try loadError(["create_users.sql": "-- strata:up\nSELECT 1;"])
        #expect(error.summary == "\(directory)/create_users.sql has no version in its name")
    }

    @Test func repeatableMarkerMisuse() throws {
        let versioned = try loadError(["1_views.sql": "-- strata:repeatable\nSELECT 1;"])
        #expect(versioned.error.summary == "\(versioned.directory)/1_views.sql:1: a repeatable migration whose file name starts with a version")
        let combined = try loadError(["views.sql": "-- strata:repeatable\nSELECT 1;\n-- strata:down\nSELECT 2;"])
        #expect(combined.error.summary == "\(combined.directory)/views.sql:1: -- strata:repeatable cannot be combined with up or down sections")
    }

    @Test func nonUTF8File() throws {
        let (error, directory) = try loadError([:], binaries: ["1_x.sql": Array("-- strata:up\nSELECT '".utf8) + [0xFF] + Array("';\n".utf8)])
        let file = directory + "/1_x.sql"
        expectLocated(error, file: file, line: 2)
        #expect(error.summary == "\(file) is not valid UTF-8 (byte 0xFF at line 2)")
        #expect(error.nextStep == "save it as UTF-8")
    }

    @Test(arguments: [[0xFF, 0xFE] as [UInt8], [0xFE, 0xFF]])
    func utf16File(bom: [UInt8]) throws {
        let body = Array("-- strata:up\n".utf16).flatMap { bom[0] == 0xFF ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let (error, directory) = try loadError([:], binaries: ["1_x.sql": bom + body])
        expectLocated(error, file: directory + "/1_x.sql", line: nil)
        #expect(error.summary == "\(directory)/1_x.sql is UTF-16 text")
    }

    @Test func nulByte() throws {
        let (error, directory) = try loadError([:], binaries: ["1_x.sql": Array("-- strata:up\nSELECT 1;\nSELECT ".utf8) + [0] + Array("2;\n".utf8)])
        let file = directory + "/1_x.sql"
        expectLocated(error, file: file, line: 3)
        #expect(error.summary == "\(file) contains a NUL byte at line 3; it is not a text file")
    }

    @Test func gooseStatementBeginWithoutEndWordForWord() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- +goose Up\nSELECT 1;\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"])
        let file = directory + "/1_x.sql"
        expectLocated(error, file: file, line: 3)
        #expect(
            error.commandLine == """
                error: \(file):3: -- +goose StatementBegin is never closed
                  at: \(file):3:1
                  state: nothing was run
                  next: add -- +goose StatementEnd after the statement
                """)
    }

    @Test func gooseMisuse() throws {
        let cases: [(String, String)] = [
            ("-- +goose Up\n-- +goose StatementEnd\n", "2: -- +goose StatementEnd without StatementBegin"),
            ("-- +goose StatementBegin\n-- +goose Up\n", "1: -- +goose StatementBegin before -- +goose Up"),
            ("-- +goose Up\n-- +goose StatementBegin\n-- +goose Down\n", "3: -- +goose Down inside the StatementBegin block of line 2"),
            ("-- +goose Up\n-- +goose Up\n", "2: second -- +goose Up (the first is on line 1)"),
            ("-- +goose Down\nSELECT 1;\n", "1: no -- +goose Up section"),
        ]
        for (text, message) in cases {
            let (error, directory) = try loadError(["1_x.sql": text])
            #expect(error.code == .migrationSource)
            #expect(error.summary == "\(directory)/1_x.sql:\(message)")
        }
    }

    /// Bug: the message quotes the annotation with the space after "+goose" doubled.
    @Test func unsupportedGooseAnnotationIsQuotedAsWritten() throws {
        let (error, directory) = try loadError(["1_x.sql": "-- +goose Up\n-- +goose ENVSUB ON\n"])
        expectLocated(error, file: directory + "/1_x.sql", line: 2)
        #expect(error.summary == "\(directory)/1_x.sql:2: unsupported goose annotation '-- +goose ENVSUB ON'")
    }

    @Test func everyProblemIsListedAtOnce() throws {
        let (error, directory) = try loadError([
            "1_a.sql": "-- strata:upp\n",
            "2_b.sql": "SELECT 1;\n",
            "3_c.down.sql": "SELECT 1;",
            "4_d.sql": "-- strata:up\nSELECT 1;",
        ])
        #expect(error.code == .migrationSource)
        #expect(error.summary == "3 problems in \(directory)")
        #expect(error.problems.count == 3)
        #expect(error.problems[0].description.hasPrefix("\(directory)/1_a.sql:1: unknown marker '-- strata:upp'"))
        #expect(error.problems[1].description.hasPrefix("\(directory)/2_b.sql:1: no up section"))
        #expect(error.problems[2] == "\(directory)/3_c.down.sql has no matching .up.sql file (add 3_c.up.sql or remove the down file)")
        #expect(error.nextStep == "fix each file listed and run the command again")
    }
}
