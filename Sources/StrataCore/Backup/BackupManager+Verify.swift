import Foundation

extension BackupManager {
    /// Verifies one backup: the sidecar, the file's size and SHA-256, then the database's own
    /// checks (SQLite `integrity_check`, PostgreSQL `pg_restore --list`; `deep`: a restore into a
    /// scratch database) and the row counts against the sidecar. A pass is recorded in the sidecar.
    public func verify(_ reference: String, deep: Bool = false) async throws -> BackupVerification {
        let entry = try catalog().resolve(reference)
        return await verify(entry, deep: deep)
    }

    /// Verifies every backup of this database, oldest first.
    public func verifyAll(deep: Bool = false) async throws -> [BackupVerification] {
        let identity = try identity()
        var results: [BackupVerification] = []
        for entry in try catalog().entries(of: identity) {
            results.append(await verify(entry, deep: deep))
        }
        return results
    }

    /// Verifies `entry`, never throwing: a failure is in the result.
    public func verify(_ entry: BackupEntry, deep: Bool) async -> BackupVerification {
        var checks: [String] = []
        do {
            try await check(entry, deep: deep, checks: &checks)
            var metadata = entry.metadata
            metadata.verifiedAt = BackupMetadata.format(Date())
            metadata.verifiedDeep = deep
            try? rewriteSidecar(metadata, in: entry.path)
            return BackupVerification(id: entry.id, passed: true, deep: deep, checks: checks, error: nil)
        } catch {
            return BackupVerification(
                id: entry.id, passed: false, deep: deep, checks: checks,
                error: StrataError.wrapping(error, code: .backup).summary)
        }
    }

    /// Throws the first problem found with `entry`, naming it.
    func check(_ entry: BackupEntry, deep: Bool) async throws {
        var checks: [String] = []
        try await check(entry, deep: deep, checks: &checks)
    }

    private func check(_ entry: BackupEntry, deep: Bool, checks: inout [String]) async throws {
        let metadata = entry.metadata
        let driver = try driver()
        guard metadata.engine == driver.dialect.rawValue else {
            throw refusal(
                "\(metadata.id) is a \(metadata.engine) backup and \(driver.target) is \(driver.dialect.rawValue)",
                next: "verify and restore it with a \(metadata.engine) database URL")
        }
        guard let size = BackupFiles.size(entry.dataPath) else {
            throw refusal("the data file \(entry.dataPath) of backup \(metadata.id) is missing", next: "use another backup")
        }
        guard size == metadata.size else {
            throw refusal(
                "the data file of backup \(metadata.id) has \(size) bytes, its sidecar says \(metadata.size): it is truncated or was changed",
                next: "use another backup")
        }
        checks.append("size \(size) bytes")
        let digest = try BackupFiles.sha256(of: entry.dataPath)
        guard digest == metadata.sha256 else {
            throw refusal(
                "the SHA-256 of backup \(metadata.id) is \(digest.prefix(16))…, its sidecar says \(metadata.sha256.prefix(16))…: the file is damaged or was changed",
                next: "use another backup")
        }
        checks.append("sha256 matches")
        let counts = try await withTaskExecutorPreference(driver.taskExecutor) {
            try await driver.checkBackup(entry, deep: deep, logger: logger)
        }
        checks.append(driver.dialect == .sqlite ? "integrity_check ok" : (deep ? "restored into a scratch database" : "pg_restore --list ok"))
        if let counts {
            try Self.compare(counts, with: metadata)
            checks.append("row counts match (\(counted(metadata.tables.count, "table")), \(counted(metadata.totalRows, "row")))")
        }
    }

    /// Throws when `counts` differ from the sidecar's, listing every difference.
    static func compare(_ counts: [String: Int64], with metadata: BackupMetadata) throws {
        var problems: [String] = []
        for (table, expected) in metadata.tables.sorted(by: { $0.key < $1.key }) {
            let found = counts[table]
            if found != expected { problems.append("\(table): \(found.map(String.init) ?? "missing"), expected \(expected)") }
        }
        for table in counts.keys.sorted() where metadata.tables[table] == nil {
            problems.append("\(table): not in the sidecar")
        }
        guard problems.isEmpty else {
            throw StrataError(
                .backup, "the row counts of backup \(metadata.id) differ from its sidecar", state: "nothing was restored",
                nextStep: "use another backup", problems: problems.map { Advice($0) })
        }
    }

    func refusal(_ summary: String, next: Advice) -> StrataError {
        StrataError(.backup, summary, state: "nothing was restored", nextStep: next)
    }

    /// Replaces a backup's sidecar atomically.
    func rewriteSidecar(_ metadata: BackupMetadata, in path: String) throws {
        let temporary = path + "/." + BackupCatalog.sidecarName + ".tmp"
        try BackupFiles.writePrivate(try metadata.encoded(), to: temporary)
        try BackupFiles.rename(temporary, to: path + "/" + BackupCatalog.sidecarName)
    }
}
