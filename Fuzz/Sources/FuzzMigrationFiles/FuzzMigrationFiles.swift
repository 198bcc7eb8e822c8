// libFuzzer target: the migration-file readers and format parsers, through the public
// `MigrationSource.directory(_:).load()` (which calls `MigrationDirectory.load`).
//
// Each input is written, byte for byte, as the migration file of several temporary directories,
// one per file-name route: native/dbmate/goose (told apart by markers), golang-migrate/diesel
// pairs, Flyway versioned + undo, Flyway repeatable, native repeatable. Every statement of every
// loaded migration is then split for both dialects.
//
// libFuzzer supplies `main`; this file only defines LLVMFuzzerTestOneInput and traps (fatalError)
// when an invariant breaks, so libFuzzer records the input as a crash.
import Foundation
import StrataCore

#if canImport(Glibc)
import Glibc
#endif

/// One file-name route: the directory, the files the input is written to, and what a successful
/// load must return.
struct Route: Sendable {
    let name: String
    let directory: String
    let files: [String]
    let expectedKind: Migration.Kind
    let expectedFormats: Set<MigrationFormat>
}

let routes: [Route] = makeRoutes()

func makeRoutes() -> [Route] {
    let base = ProcessInfo.processInfo.environment["STRATA_FUZZ_TMPDIR"]
        ?? (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
    var template = Array((base + "/strata-fuzz-XXXXXX").utf8CString)
    guard let root = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
        fatalError("cannot create a temporary directory under \(base)")
    }
    rootDirectory = root
    atexit { removeTree(rootDirectory) }
    let specs: [(String, [String], Migration.Kind, Set<MigrationFormat>)] = [
        ("versioned", ["001_x.sql"], .versioned, [.native, .dbmate, .goose]),
        ("pair", ["002_y.up.sql", "002_y.down.sql"], .versioned, [.pair]),
        ("flyway", ["V3__z.sql", "U3__z.sql"], .versioned, [.flyway]),
        ("flyway-repeatable", ["R__r.sql"], .repeatable, [.flyway]),
        ("repeatable", ["views.sql"], .repeatable, [.native]),
    ]
    return specs.map { name, files, kind, formats in
        let directory = root + "/" + name
        guard mkdir(directory, 0o700) == 0 else { fatalError("cannot create \(directory)") }
        return Route(name: name, directory: directory, files: files, expectedKind: kind, expectedFormats: formats)
    }
}

nonisolated(unsafe) var rootDirectory = ""

func removeTree(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let bytes = Array(buffer)
    let refused = mustBeRefused(bytes)
    for route in routes {
        for file in route.files {
            writeFile(route.directory + "/" + file, buffer)
        }
        checkLoad(route, refused: refused, bytes: bytes)
    }
    return 0
}

/// Whether the reader must refuse the file: UTF-16 BOM, a NUL byte, or not UTF-8 (after a UTF-8 BOM).
func mustBeRefused(_ bytes: [UInt8]) -> String? {
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 BOM" }
    if bytes.contains(0) { return "NUL byte" }
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    if String(validating: body, as: UTF8.self) == nil { return "invalid UTF-8" }
    return nil
}

func checkLoad(_ route: Route, refused: String?, bytes: [UInt8]) {
    let migrations: [Migration]
    do {
        migrations = try MigrationSource.directory(route.directory).load()
    } catch let error as StrataError {
        checkStrataError(error, context: "\(route.name) load")
        guard error.code == .migrationSource else {
            fail("\(route.name) load: StrataError code \(error.code), expected migration-source: \(quoted(error.summary))")
        }
        return
    } catch {
        fail("\(route.name) load threw a non-StrataError \(type(of: error)): \(error)")
    }
    if let refused {
        fail("\(route.name) load accepted a file that must be refused (\(refused)); first bytes \(hex(bytes))")
    }
    guard migrations.count == 1, let migration = migrations.first else {
        fail("\(route.name) load returned \(migrations.count) migrations for one file")
    }
    guard migration.kind == route.expectedKind, route.expectedFormats.contains(migration.format) else {
        fail("\(route.name) load returned a \(migration.kind) \(migration.format) migration")
    }
    guard migration.checksum != nil, migration.file != nil, (migration.kind == .repeatable) == (migration.version == nil) else {
        fail("\(route.name) load returned a migration without checksum or file, or with a version that does not fit its kind")
    }
    for (direction, body) in [("up", Optional(migration.up)), ("down", migration.down)] {
        guard let body else { continue }
        guard case .sql(let script) = body else { fail("\(route.name) \(direction): a file migration with a Swift body") }
        for dialect in SQLDialect.allCases {
            do {
                for statement in try script.statements(dialect: dialect) {
                    guard !statement.text.isEmpty, statement.location.line >= 1, statement.location.column >= 1 else {
                        fail("\(route.name) \(direction) \(dialect): statement \(quoted(statement.text)) at \(statement.location)")
                    }
                }
            } catch let error as StrataError {
                checkStrataError(error, context: "\(route.name) \(direction) \(dialect) statements")
            } catch {
                fail("\(route.name) \(direction) \(dialect) statements threw a non-StrataError \(type(of: error)): \(error)")
            }
        }
    }
}

func checkStrataError(_ error: StrataError, context: String) {
    guard !error.summary.isEmpty else { fail("\(context): StrataError with an empty summary") }
    if let location = error.location, location.line < 1 || location.column < 1 {
        fail("\(context): StrataError \(quoted(error.summary)) located at \(location)")
    }
    if error.problems.contains(where: \.isEmpty) { fail("\(context): StrataError lists an empty problem") }
    _ = error.description
}

func writeFile(_ path: String, _ buffer: UnsafeBufferPointer<UInt8>) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    var offset = 0
    while offset < buffer.count {
        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
        offset += written
    }
}

func fail(_ message: String) -> Never {
    fatalError("FUZZ INVARIANT BROKEN: " + message)
}

func hex<C: Collection<UInt8>>(_ bytes: C) -> String {
    let shown = bytes.prefix(64).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined(separator: " ")
    return "[" + shown + (bytes.count > 64 ? " … (\(bytes.count) bytes)" : "") + "]"
}

func quoted(_ text: String) -> String {
    let short = text.utf8.count > 200 ? String(decoding: text.utf8.prefix(200), as: UTF8.self) + "…" : text
    return "\"" + short.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : $0.escaped(asASCII: true) }.joined() + "\""
}
