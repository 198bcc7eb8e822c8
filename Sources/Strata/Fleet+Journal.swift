import Foundation
import StrataCore
import Synchronization

extension Strata.Fleet {
    /// Where each finished target is recorded, one JSON line per target as it finishes, so a
    /// run stopped half-way (killed, or stopped by a failure) resumes with the targets not done.
    ///
    /// Targets are named with their password redacted; nothing secret is written. A line is
    /// written with one `write` as the target finishes: a killed run loses none it finished. A
    /// target that finished without its line (the machine lost power) is migrated again on
    /// resume, which finds nothing pending: its history says what was applied.
    public final class Journal: Sendable {
        public let path: String
        private let handle: Mutex<FileHandle?>

        /// Opens the journal at `path`: kept as it is to resume, emptied otherwise.
        /// - Throws: `StrataError.Code.io` naming the path when it cannot be written.
        public init(path: String, resume: Bool) throws {
            self.path = path
            let manager = FileManager.default
            if !resume || !manager.fileExists(atPath: path) {
                guard manager.createFile(atPath: path, contents: nil) else {
                    throw StrataError(
                        .io, "cannot write the fleet journal \(path)", state: "nothing was changed",
                        nextStep: "give a writable path with fleet.journal")
                }
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw StrataError(.io, "cannot open the fleet journal \(path)", state: "nothing was changed", nextStep: "check its permissions")
            }
            _ = try? handle.seekToEnd()
            self.handle = Mutex(handle)
        }

        /// The targets recorded as done, by name.
        public func done() throws -> Set<String> {
            guard let data = FileManager.default.contents(atPath: path) else { return [] }
            var done: Set<String> = []
            let decoder = JSONDecoder()
            for line in data.split(separator: UInt8(ascii: "\n")) {
                // A line cut short by a kill is ignored: that target runs again.
                guard let outcome = try? decoder.decode(Outcome.self, from: Data(line)) else { continue }
                if outcome.state == .done { done.insert(outcome.target) } else { done.remove(outcome.target) }
            }
            return done
        }

        /// Appends `outcome` as one line.
        public func record(_ outcome: Outcome) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var line = try encoder.encode(outcome)
            line.append(UInt8(ascii: "\n"))
            try handle.withLock { handle in try handle?.write(contentsOf: line) }
        }

        /// Closes the file.
        public func close() {
            handle.withLock { handle in
                try? handle?.close()
                handle = nil
            }
        }
    }
}
