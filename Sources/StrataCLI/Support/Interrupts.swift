import Foundation
import Logging
import Strata
import Synchronization

/// Ctrl-C and SIGTERM end the process as the signal would (exit 128 + its number), but first drop
/// the scratch databases it made on PostgreSQL servers (a diff's proof, `strata test`, a
/// baseline's check), which would otherwise stay there for good. A second signal ends it at once.
///
/// The handler only writes the signal's number to a pipe (all a signal handler may safely do); a
/// thread of its own reads it. A handler, unlike an ignored signal, is not inherited by the
/// programs Strata runs (`pg_dump`), so Ctrl-C still stops them.
package enum Interrupts {
    private nonisolated(unsafe) static var pipeEnds: [Int32] = [-1, -1]
    /// The signal received first, if any.
    private static let received = Mutex<Int32?>(nil)

    /// Installs the handlers when the process makes its first scratch database (until then the
    /// default action is the right one, and a run that makes none pays nothing): for the `strata`
    /// executable only (tests and embedders keep theirs).
    package static func installWhenNeeded() {
        Strata.whenFirstScratchDatabaseMade { install() }
    }

    static func install() {
        guard pipe(&pipeEnds) == 0 else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(Interrupts.pipeEnds[1], &byte, 1)
            }
        }
        let reading = pipeEnds[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while read(reading, &byte, 1) == 1 { interrupted(Int32(byte)) }
        }
    }

    /// The code to exit with once the command returned: its own, or, when a signal came meanwhile
    /// (the scratch database dropped under the command ends it early), the signal's, once the
    /// handler has dropped what it drops (it exits the process itself).
    package static func exitCode(_ code: Int32) async -> Int32 {
        guard let number = received.withLock({ $0 }) else { return code }
        try? await Task.sleep(for: .seconds(10))
        return 128 + number
    }

    private static func interrupted(_ number: Int32) {
        let first = received.withLock { seen in
            defer { seen = seen ?? number }
            return seen == nil
        }
        guard first, Strata.holdsScratchDatabases else { exit(128 + number) }
        Task.detached {
            let quiet = Logger(label: "strata") { _ in SwiftLogNoOpLogHandler() }
            let dropped = await Strata.dropScratchDatabases(within: .seconds(5), logger: quiet)
            var said = dropped.map { "interrupted: \($0)\n" }.joined()
            if Strata.holdsScratchDatabases {
                said += "interrupted: a scratch database could not be dropped or emptied; drop the strata_scratch_… databases (empty the dev database) by hand\n"
            }
            FileHandle.standardError.write(Data(said.utf8))
            exit(128 + number)
        }
    }
}
