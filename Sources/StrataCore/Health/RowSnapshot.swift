package import Foundation

/// Every table's row count as one health run saw it, kept in a file of the user's choosing
/// (`health.row_snapshot`), one entry per database: the next run compares its counts with it.
package struct RowSnapshot: Sendable, Codable, Hashable {
    package var taken: Date
    package var rows: [String: Int64]

    package init(taken: Date, rows: [String: Int64]) {
        self.taken = taken
        self.rows = rows
    }

    /// The snapshot of `database` in the file at `path`; nil when there is none yet.
    package static func read(_ path: String, database: String) throws -> RowSnapshot? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try decoder.decode([String: RowSnapshot].self, from: Data(contentsOf: URL(fileURLWithPath: path)))[database]
        } catch {
            throw StrataError(
                .configuration, "the row snapshot \(path) is not one Strata wrote: \(error.localizedDescription)",
                state: "nothing was changed", nextStep: "remove the file (the next run starts a new snapshot), or point health.row_snapshot elsewhere")
        }
    }

    /// Replaces `database`'s entry in the file, atomically (the other databases' entries stay).
    package func write(_ path: String, database: String) throws {
        var all = (try? Self.decoder.decode([String: RowSnapshot].self, from: Data(contentsOf: URL(fileURLWithPath: path)))) ?? [:]
        all[database] = self
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do {
            // Its folder (the backups folder, often) may not be there before the first backup.
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try encoder.encode(all).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw StrataError(
                .io, "cannot write the row snapshot \(path): \(error.localizedDescription)", state: "the checks ran; the snapshot was not updated",
                nextStep: "check the folder's permissions, or point health.row_snapshot elsewhere")
        }
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Tables whose count moved by `percent` or more (and by 1,000 rows or more) since this snapshot.
    package func changes(to now: [String: Int64], percent: Int) -> [(table: String, before: Int64, after: Int64)] {
        now.keys.sorted().compactMap { table in
            guard let before = rows[table], let after = now[table] else { return nil }
            let delta = abs(after - before)
            guard delta >= 1_000, delta * 100 >= Int64(percent) * max(before, 1) else { return nil }
            return (table, before, after)
        }
    }
}
