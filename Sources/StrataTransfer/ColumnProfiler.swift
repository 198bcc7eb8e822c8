import StrataCore
import Foundation

/// Builds a `ColumnProfile` one value at a time (the SQLite driver feeds it from a table scan).
package struct ColumnProfiler {
    package private(set) var profile = ColumnProfile()
    let wants: (date: Bool, json: Bool, uuid: Bool, inet: Bool)

    package init(declared: String, column: String = "") {
        wants = TransferTypeMapping.parsedKinds(declared: declared, column: column)
    }

    package mutating func add(_ cell: TransferCell) {
        switch cell {
        case .null:
            profile.nulls += 1
        case .integer(let value):
            profile.integers += 1
            profile.minInteger = min(profile.minInteger ?? value, value)
            profile.maxInteger = max(profile.maxInteger ?? value, value)
            if value != 0, value != 1 { profile.nonBooleanIntegers += 1 }
        case .real(let value):
            profile.reals += 1
            if value.isInfinite { profile.infinities += 1 }
        case .text(let bytes):
            profile.texts += 1
            if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil {
                profile.textsWithNUL += 1
                return
            }
            guard wants.date || wants.json || wants.uuid || wants.inet else { return }
            let text = String(decoding: bytes, as: UTF8.self)
            if wants.date, TimestampText.microseconds(text) != nil {
                profile.timestampTexts += 1
                if bytes.count == 10 { profile.dateTexts += 1 }
            }
            if wants.json, (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil { profile.jsonTexts += 1 }
            if wants.uuid, Self.isUUID(bytes) { profile.uuidTexts += 1 }
            // The column becomes inet only if every text is an address: after one that is not, stop asking.
            if wants.inet, profile.inetTexts == profile.texts - 1, InetText.isAddress(text) { profile.inetTexts += 1 }
        case .blob:
            profile.blobs += 1
        }
    }

    static func isUUID(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let hex = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
                guard hex else { return false }
            }
        }
        return true
    }
}
