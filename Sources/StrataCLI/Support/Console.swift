import Foundation
import StrataCore

/// Where the CLI writes: results to stdout, diagnostics and errors to stderr.
package final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private let writeOut: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    /// Whether stdout is a terminal (progress and colors only there).
    package let isTerminal: Bool
    /// Whether stderr is a terminal (live progress lines only there).
    package let errorIsTerminal: Bool

    package init(
        isTerminal: Bool, errorIsTerminal: Bool = false, out: @escaping @Sendable (String) -> Void,
        error: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.errorIsTerminal = errorIsTerminal
        self.writeOut = out
        self.writeError = error
    }

    /// The process's stdout and stderr. A closed pipe (`strata status | head`) ends the output
    /// quietly instead of killing the process.
    package static let standard: Console = {
        signal(SIGPIPE, SIG_IGN)
        return Console(
            isTerminal: isatty(STDOUT_FILENO) == 1, errorIsTerminal: isatty(STDERR_FILENO) == 1,
            out: { text in writeAll(text, to: STDOUT_FILENO) },
            error: { text in writeAll(text, to: STDERR_FILENO) })
    }()

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    private var secrets: [String] = []

    /// Writes a line to stdout.
    package func line(_ text: String = "") {
        lock.lock()
        defer { lock.unlock() }
        writeOut(scrub(text) + "\n")
    }

    /// Writes a line to stderr.
    package func errorLine(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        writeError(scrub(text) + "\n")
    }

    /// Replaces the live status line on stderr (a terminal only); nil clears it.
    package func status(_ text: String?) {
        guard errorIsTerminal else { return }
        lock.lock()
        defer { lock.unlock() }
        writeError("\r\u{1B}[2K" + (text.map(scrub) ?? ""))
    }

    /// Redraws a block of live lines on stderr (a terminal only): the `previous` lines written
    /// last are replaced by `lines`. Returns how many lines are on screen now.
    @discardableResult
    package func redraw(_ lines: [String], replacing previous: Int) -> Int {
        guard errorIsTerminal else { return 0 }
        lock.lock()
        defer { lock.unlock() }
        var text = previous > 0 ? "\u{1B}[\(previous)A\r" : "\r"
        for line in lines { text += "\u{1B}[2K" + scrub(line) + "\n" }
        if previous > lines.count { text += String(repeating: "\u{1B}[2K\n", count: previous - lines.count) + "\u{1B}[\(previous - lines.count)A" }
        writeError(text)
        return lines.count
    }

    /// Never lets `secret` through, whatever text carries it (a last line of defence: messages
    /// are built from redacted URLs in the first place).
    package func neverPrint(_ secret: String) {
        guard !secret.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        let encoded = PercentEncoding.encode(secret)
        for form in Set([secret, encoded]) where !secrets.contains(form) { secrets.append(form) }
        secrets.sort { $0.count > $1.count }
    }

    private func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}

/// A console that keeps what was written, for tests.
package final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errorText = ""

    package init() {}

    package lazy var console = Console(
        isTerminal: false,
        out: { [unowned self] text in self.lock.withLock { self.outText += text } },
        error: { [unowned self] text in self.lock.withLock { self.errorText += text } })

    package var stdout: String { lock.withLock { outText } }
    package var stderr: String { lock.withLock { errorText } }
}
