import Foundation
import Logging
import StrataCore
import Subprocess
import SystemPackage
import Synchronization

/// `pg_dump` or `pg_restore`, found on this machine and run without a shell.
///
/// The child gets an argument array and a clean environment: connection details in `PG*`
/// variables, and the password in a temporary 0600 passfile (`PGPASSFILE`) that is removed when
/// the child exits. The password is never in the arguments, the environment, or any output.
struct PgTool: Sendable {
    let name: String
    let path: String
    let major: Int

    /// Finds `name` with a major version of at least the server's, preferring the closest one:
    /// `directory` (the `backup.pg_bin` setting) first, then `PATH`, then the usual install places.
    static func locate(_ name: String, serverMajor: Int, directory: String?) async throws -> PgTool {
        // Debian's own path for this server's version first: one version check, no wrapper script.
        let exact = "/usr/lib/postgresql/\(serverMajor)/bin/\(name)"
        if directory == nil, access(exact, X_OK) == 0, await version(of: exact) == serverMajor {
            return PgTool(name: name, path: exact, major: serverMajor)
        }
        var found: [PgTool] = []
        for candidate in candidates(name, directory: directory) {
            guard access(candidate, X_OK) == 0, let major = await version(of: candidate) else { continue }
            found.append(PgTool(name: name, path: candidate, major: major))
            if directory != nil, major >= serverMajor { break }
        }
        if let best = found.filter({ $0.major >= serverMajor }).min(by: { $0.major < $1.major }) { return best }
        let seen = found.isEmpty ? "none found" : "found " + found.map { "\($0.path) (\($0.major))" }.joined(separator: ", ")
        throw StrataError(
            .tool, "\(name) \(serverMajor) or newer is needed for this PostgreSQL \(serverMajor) server; \(seen)",
            state: "nothing was changed",
            nextStep: "install the client tools, e.g. `apt-get install postgresql-client-\(serverMajor)` (Debian/Ubuntu) or "
                + "`brew install postgresql@\(serverMajor)`, or point backup.pg_bin at their directory")
    }

    private static func candidates(_ name: String, directory: String?) -> [String] {
        var directories: [String] = []
        if let directory { directories.append(directory) }
        directories += (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for root in ["/usr/lib/postgresql", "/usr/local/opt", "/opt/homebrew/opt"] {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for version in versions.sorted(by: >) where root.hasSuffix("postgresql") || version.hasPrefix("postgresql") {
                directories.append("\(root)/\(version)/bin")
            }
        }
        directories += ["/usr/local/pgsql/bin"]
        var seen = Set<String>()
        return directories.map { $0 + "/" + name }.filter { seen.insert($0).inserted }
    }

    /// The major version `--version` reports: `pg_dump (PostgreSQL) 15.14 (Debian …)` → 15.
    static func version(of path: String) async -> Int? {
        guard
            let result = try? await Subprocess.run(
                .path(FilePath(path)), arguments: ["--version"],
                environment: .custom(["LC_ALL": "C"]), output: .string(limit: 4096)),
            result.terminationStatus.isSuccess
        else { return nil }
        return parseMajor(result.standardOutput)
    }

    static func parseMajor(_ text: String) -> Int? {
        guard let close = text.range(of: ")") else { return nil }
        let number = text[close.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
        return Int(number)
    }

    /// Runs the tool against `url` (its database replaced by `database` when given).
    /// - Parameter watch: called with the child's pid while it runs, every 200 ms (for progress).
    /// - Throws: `StrataError` `.tool` with the tool's own message when it fails.
    /// - Parameter connectsTo: the server the tool logs in to: once its session shows there, the
    ///   passfile is removed, so the password spends as little time on disk as possible.
    func run(
        _ arguments: [String], url: PostgresURL, database: String? = nil, logger: Logger, connectsTo server: PostgresDriver? = nil,
        watch: (@Sendable (pid_t) -> Void)? = nil
    ) async throws {
        let passfile = try url.password.map { try PassFile(password: $0.unsafeValue) }
        defer { passfile?.remove() }
        let session = "strata-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        var environment = Self.environment(url: url, database: database, passfile: passfile?.path)
        if let key = Environment.Key(rawValue: "PGAPPNAME") { environment[key] = session }
        let early = Task {
            guard let server, let passfile else { return }
            if await server.waitForSession(named: session, logger: logger) { passfile.remove() }
        }
        defer { early.cancel() }
        logger.debug("running \(name)", metadata: ["path": "\(path)", "arguments": "\(arguments.joined(separator: " "))"])
        let pid = Mutex<pid_t>(0)
        let watcher = Task {
            guard let watch else { return }
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                let current = pid.withLock { $0 }
                if current > 0, !Task.isCancelled { watch(current) }
            }
        }
        defer { watcher.cancel() }
        let result: ExecutionResult<Void, DiscardedOutput, StringOutput<UTF8>>
        do {
            result = try await Subprocess.run(
                .path(FilePath(path)), arguments: Arguments(arguments), environment: .custom(environment),
                input: .none, output: .discarded, error: .string(limit: 1 << 22)
            ) { execution in
                pid.withLock { $0 = execution.processIdentifier.value }
            }
        } catch {
            throw StrataError(
                .tool, "cannot run \(path): \(error)", state: "nothing was changed",
                nextStep: "check that \(path) is an executable \(name)")
        }
        guard result.terminationStatus.isSuccess else {
            var message = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            if let password = url.password?.unsafeValue, !password.isEmpty {
                message = message.replacingOccurrences(of: password, with: "***")
            }
            let lines = message.split(separator: "\n").prefix(8).joined(separator: "\n")
            let code: StrataError.Code = message.contains("password authentication failed") ? .authentication : .tool
            throw StrataError(
                code, "\(name) failed (\(result.terminationStatus))", detail: lines.isEmpty ? nil : lines,
                nextStep: code == .authentication
                    ? "check the user and password of the database URL"
                    : "read \(name)'s message above; the server log may say more")
        }
    }

    /// A conninfo string naming only a database, so that a name holding `=` is not read as one.
    static func conninfo(database: String) -> String {
        "dbname='" + database.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// The child's whole environment: nothing inherited but `PATH`, `HOME` and the locale.
    static func environment(url: PostgresURL, database: String?, passfile: String?) -> [Environment.Key: String] {
        var values: [String: String] = ["LC_ALL": "C", "PGAPPNAME": "strata-backup", "PGCONNECT_TIMEOUT": "\(url.connectTimeout ?? 30)"]
        let inherited = ProcessInfo.processInfo.environment
        for key in ["PATH", "HOME"] { values[key] = inherited[key] }
        values["PGHOST"] = url.socketDirectory ?? url.host ?? "localhost"
        values["PGPORT"] = String(url.port)
        let user = url.user ?? RunnerIdentity.current.user
        values["PGUSER"] = user
        values["PGDATABASE"] = database ?? url.database ?? user
        values["PGSSLMODE"] = url.sslMode.rawValue
        values["PGSSLROOTCERT"] = url.sslRootCert
        values["PGSSLCERT"] = url.sslCert
        values["PGSSLKEY"] = url.sslKey
        values["PGOPTIONS"] = url.options
        values["PGPASSFILE"] = passfile
        var environment: [Environment.Key: String] = [:]
        for (key, value) in values {
            if let key = Environment.Key(rawValue: key) { environment[key] = value }
        }
        return environment
    }
}

/// A libpq password file holding one password, 0600 in a 0700 temporary directory named after
/// this process, so that one left by a killed run is removed by the next.
struct PassFile: Sendable {
    let directory: String
    var path: String { directory + "/pgpass" }
    static let prefix = "strata-pgpass-"

    init(password: String) throws {
        Self.removeAbandoned()
        directory = try BackupFiles.privateTemporaryDirectory(prefix: "\(Self.prefix)\(getpid())-")
        let escaped = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
        try BackupFiles.writePrivate(Data("*:*:*:*:\(escaped)\n".utf8), to: path)
    }

    func remove() {
        unlink(path)
        rmdir(directory)
    }

    /// Removes password files whose process is gone (killed before it could clean up).
    static func removeAbandoned() {
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid(),
                kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
    }
}
