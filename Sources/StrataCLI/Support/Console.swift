import Foundation

/// Where the CLI writes: results to stdout, diagnostics and errors to stderr.
public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private let writeOut: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    /// Whether stdout is a terminal (progress and colors only there).
    public let isTerminal: Bool

    public init(isTerminal: Bool, out: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.writeOut = out
        self.writeError = error
    }

    /// The process's stdout and stderr.
    public static let standard = Console(
        isTerminal: isatty(STDOUT_FILENO) == 1,
        out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
        error: { text in FileHandle.standardError.write(Data(text.utf8)) })

    private var secrets: [String] = []

    /// Writes a line to stdout.
    public func line(_ text: String = "") {
        lock.lock()
        defer { lock.unlock() }
        writeOut(scrub(text) + "\n")
    }

    /// Writes a line to stderr.
    public func errorLine(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        writeError(scrub(text) + "\n")
    }

    /// Never lets `secret` through, whatever text carries it (a last line of defence: messages
    /// are built from redacted URLs in the first place).
    public func neverPrint(_ secret: String) {
        guard !secret.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
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
public final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errorText = ""

    public init() {}

    public lazy var console = Console(
        isTerminal: false,
        out: { [unowned self] text in self.lock.withLock { self.outText += text } },
        error: { [unowned self] text in self.lock.withLock { self.errorText += text } })

    public var stdout: String { lock.withLock { outText } }
    public var stderr: String { lock.withLock { errorText } }
}
