import Foundation

/// Runs the `strata` executable as a child process, the way users and CI do.
package enum StrataProcess {
    /// What a finished run printed and returned.
    package struct Result: Sendable {
        package let status: Int32
        package let stdout: String
        package let stderr: String
        /// Whether the process was killed by a signal.
        package let killed: Bool
    }

    /// A running child, for tests that kill it.
    package final class Running: @unchecked Sendable {
        let process: Process
        let stdoutPath: String
        let stderrPath: String
        /// The child's output files, closed here once it has ended (thousands of runs would exhaust descriptors).
        let handles: [FileHandle]

        init(process: Process, stdoutPath: String, stderrPath: String, handles: [FileHandle]) {
            self.process = process
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
            self.handles = handles
        }

        /// What it has printed on stdout so far.
        package var stdoutSoFar: String {
            (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        }

        /// What it has printed on stderr so far.
        package var stderrSoFar: String {
            (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        }

        /// Waits until stderr contains `text`, or fails after `timeout`.
        package func waitForError(_ text: String, timeout: Duration = .seconds(60)) async throws {
            let deadline = ContinuousClock.now + timeout
            while !stderrSoFar.contains(text) {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    throw ConformanceFailure(message: "never printed '\(text)' on stderr: \(stderrSoFar)", file: #fileID, line: #line)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        /// Waits until stdout contains `text`, or fails after `timeout`.
        package func waitForOutput(_ text: String, timeout: Duration = .seconds(60)) async throws {
            let deadline = ContinuousClock.now + timeout
            while !stdoutSoFar.contains(text) {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    throw ConformanceFailure(
                        message: "never printed '\(text)'; stdout: \(stdoutSoFar); stderr: \(read(stderrPath))",
                        file: #fileID, line: #line)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        /// Sends SIGKILL: no handler runs, nothing is cleaned up.
        package var isRunning: Bool { process.isRunning }
        package var pid: Int32 { process.processIdentifier }

        package func kill() {
            Foundation.kill(process.processIdentifier, SIGKILL)
        }

        /// Waits for the process to end.
        package func wait() async -> Result {
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
            for handle in handles { try? handle.close() }
            let result = Result(
                status: process.terminationStatus, stdout: read(stdoutPath), stderr: read(stderrPath),
                killed: process.terminationReason == .uncaughtSignal)
            try? FileManager.default.removeItem(atPath: stdoutPath)
            try? FileManager.default.removeItem(atPath: stderrPath)
            return result
        }

        private func read(_ path: String) -> String {
            (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
    }

    /// The built `strata` binary: `STRATA_TEST_BINARY`, or `.build/debug/strata` of this package.
    package static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["STRATA_TEST_BINARY"] { return path }
        for candidate in [".build/debug/strata", ".build/x86_64-unknown-linux-gnu/debug/strata", ".build/aarch64-unknown-linux-gnu/debug/strata"] {
            let path = PackageFiles.path(candidate)
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ConformanceFailure(message: "the strata binary is not built; run `swift build` first or set STRATA_TEST_BINARY", file: #fileID, line: #line)
    }

    /// Starts `strata arguments…` with `environment` added to a minimal one.
    package static func start(
        _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
        executable: String? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable ?? binary())
        process.arguments = arguments
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        base.merge(environment) { _, new in new }
        process.environment = base
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stem = NSTemporaryDirectory() + "strata-run-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: stem + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: stem + ".err", contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: stem + ".out"))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: stem + ".err"))
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            try? output.close()
            try? errors.close()
            throw error
        }
        return Running(process: process, stdoutPath: stem + ".out", stderrPath: stem + ".err", handles: [output, errors])
    }

    /// Runs another program (a validator, a tool) to the end, the same way.
    package static func runTool(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await start(arguments, environment: environment, executable: executable).wait()
    }

    /// Runs `strata arguments…` to the end.
    package static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) async throws -> Result {
        try await start(arguments, environment: environment, directory: directory).wait()
    }
}
