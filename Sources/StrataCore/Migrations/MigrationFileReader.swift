import Foundation

/// Reads a migration file as UTF-8 text, refusing what is not text.
enum MigrationFileReader {
    /// Larger files are refused before they are read.
    static let maximumSize = 256 * 1024 * 1024

    static func read(_ path: String) throws -> String {
        do {
            return try decode(try FileSystem.read(path, limit: maximumSize), path: path)
        } catch let failure as FileSystem.Failure {
            if failure.reason.hasPrefix("too large"), let size = FileSystem.size(path) {
                throw problem(
                    path, "is \(size / 1_048_576) MiB; migration files are read up to \(maximumSize / 1_048_576) MiB",
                    next: "split it into smaller migrations, or load bulk data with a separate tool")
            }
            throw problem(path, "cannot be read (\(failure.reason))", next: "check that the file exists and is readable")
        }
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> String {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw problem(path, "is UTF-16 text", next: "save it as UTF-8")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw problem(
                path, "contains a NUL byte at line \(line(of: nul, in: bytes)); it is not a text file",
                next: "remove the file or replace it with SQL text", line: line(of: nul, in: bytes))
        }
        let withoutBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: withoutBOM, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(bytes) ?? 0
            throw problem(
                path, "is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at line \(line(of: offset, in: bytes)))",
                next: "save it as UTF-8", line: line(of: offset, in: bytes))
        }
        return text
    }

    static func problem(_ path: String, _ message: String, next: Advice, line: Int? = nil) -> StrataError {
        StrataError(
            .migrationSource, "\(path) \(message)", location: line.map { SourceLocation(file: path, line: $0, column: 1) },
            state: "nothing was run", nextStep: next)
    }

    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            if length > 1, let scalar = String(validating: bytes[index..<(index + length)], as: UTF8.self), scalar.unicodeScalars.count == 1 {
                index += length
            } else if length == 1 {
                index += 1
            } else {
                return index
            }
        }
        return nil
    }
}
