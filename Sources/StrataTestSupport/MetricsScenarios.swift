import Foundation
import Strata

/// `--metrics-file` of `migrate`, `backup create` and `health`, read back with the Prometheus
/// client library's own parser (`prometheus_client`, installed by `scripts/peer-tools.sh`).
package enum MetricsScenarios {
    /// A migrate that applies three migrations, one that fails, one that succeeds again, a backup
    /// and a health check, each writing its metrics file: every file parses; the values are the
    /// run's; a failed run keeps the last success time; no password is written.
    package static func metricsFiles(_ database: TestDatabase) async throws {
        var files = MigrationFixture.three
        let fixture = try MigrationFixture(files)
        defer { fixture.cleanup() }
        let directory = NSTemporaryDirectory() + "strata-metrics-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = ["--database", database.urlText, "--migrations", fixture.directory]
        let migrateFile = directory + "/migrate.prom"

        let first = try await StrataProcess.run(arguments + ["migrate", "--metrics-file", migrateFile])
        try expectEqual(first.status, 0, "migrate: \(first.stderr)")
        guard let applied = try await parse(migrateFile) else { return }
        try expectEqual(applied["strata_run_success{command=migrate}"], 1, "success: \(applied)")
        try expectEqual(applied["strata_migrate_applied_migrations{}"], 3, "applied")
        try expectEqual(applied["strata_migrations{state=pending}"], 0, "nothing pending")
        try expectEqual(applied["strata_migrations{state=applied}"], 3, "three applied")
        try expectEqual(applied["strata_schema_version_info{version=003}"], 1, "the version")
        try expect(applied["strata_migrate_lock_wait_seconds{}"] != nil, "the lock wait is there")
        let succeededAt = try unwrap(applied["strata_run_last_success_timestamp_seconds{command=migrate}"], "last success")
        try expect(abs(succeededAt - Date().timeIntervalSince1970) < 120, "a Unix time of now: \(succeededAt)")

        files["004_broken.sql"] = "-- strata:up\nCREATE TABLE broken (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n"
        try fixture.write("004_broken.sql", files["004_broken.sql"]!)
        try await Task.sleep(for: .seconds(1))
        let failed = try await StrataProcess.run(arguments + ["migrate", "--metrics-file", migrateFile])
        try expectEqual(failed.status, 1, "the broken migration fails")
        let afterFailure = try unwrap(try await parse(migrateFile), "parsed")
        try expectEqual(afterFailure["strata_run_success{command=migrate}"], 0, "failure recorded: \(afterFailure)")
        try expectEqual(afterFailure["strata_run_last_success_timestamp_seconds{command=migrate}"], succeededAt, "the last success kept")
        try expectEqual(afterFailure["strata_migrations{state=pending}"], 1, "the failed one is pending")
        try expect(
            afterFailure["strata_run_finished_timestamp_seconds{command=migrate}"]! > succeededAt - 1, "the finish time is this run's")

        let backupFile = directory + "/backup.prom"
        let backup = try await StrataProcess.run(
            arguments + ["backup", "create", "--directory", directory + "/backups", "--metrics-file", backupFile])
        try expectEqual(backup.status, 0, "backup: \(backup.stderr)")
        let backedUp = try unwrap(try await parse(backupFile), "parsed")
        try expectEqual(backedUp["strata_run_success{command=backup}"], 1, "backup success: \(backedUp)")
        try expect((backedUp["strata_backup_size_bytes{}"] ?? 0) > 0, "the backup's size")
        try expect((backedUp["strata_backup_tables{}"] ?? 0) >= 3, "the backup's tables")

        let healthFile = directory + "/health.prom"
        let health = try await StrataProcess.run(arguments + ["health", "--metrics-file", healthFile])
        try expect(health.status <= 1, "health ran: \(health.stderr)")
        let checked = try unwrap(try await parse(healthFile), "parsed")
        try expectEqual(checked["strata_run_success{command=health}"], 1, "health success")
        try expectEqual(checked["strata_health_status{check=connectivity}"], 0, "the health families are there: \(checked.keys.sorted())")

        for file in [migrateFile, backupFile, healthFile] {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            if let password = URLComponents(string: database.urlText)?.password {
                try expect(!text.contains(password), "no password in \(file)")
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }
            try expectEqual(leftovers, [], "no temporary file left")
        }

        let unwritable = try await StrataProcess.run(arguments + ["health", "--metrics-file", directory + "/missing/dir/health.prom"])
        try expect(unwritable.stderr.contains("cannot write the metrics file") && unwritable.stderr.contains("missing/dir/health.prom"), "names the path: \(unwritable.stderr)")
    }

    /// A metrics file as `prometheus_client`'s parser reads it.
    package struct Parsed: Sendable {
        /// Each sample as `name{label=value,…}` (labels sorted, `database` and `object` left out) → value.
        package var samples: [String: Double] = [:]
        /// Each family's type (`gauge`, `counter`…) by family name.
        package var types: [String: String] = [:]

        package subscript(_ sample: String) -> Double? { samples[sample] }
        package var keys: Dictionary<String, Double>.Keys { samples.keys }
    }

    /// The file as `prometheus_client`'s parser reads it; nil when the parser is missing outside
    /// the test script.
    package static func parse(_ file: String) async throws -> Parsed? {
        let script = """
            import sys
            try:
                from prometheus_client.parser import text_string_to_metric_families
            except ImportError:
                print("missing"); sys.exit(3)
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                print(f"type\\t{family.name}\\t{family.type}")
                for sample in family.samples:
                    labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()) if k not in ("database", "object"))
                    print(f"sample\\t{sample.name}{{{labels}}}\\t{sample.value!r}")
            """
        let parsed = try await StrataProcess.runTool("/usr/bin/env", ["python3", "-c", script, file])
        if parsed.status == 3 {
            try expect(!TestDatabases.postgresRequired(), "prometheus_client is not installed (scripts/peer-tools.sh installs it)")
            return nil
        }
        try expectEqual(parsed.status, 0, "the Prometheus parser accepts \(file): \(parsed.stderr)")
        var result = Parsed()
        for line in parsed.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t").map(String.init)
            guard parts.count == 3 else { continue }
            if parts[0] == "type" { result.types[parts[1]] = parts[2] } else { result.samples[parts[1]] = Double(parts[2]) }
        }
        return result
    }

    private static func unwrap<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else { throw ConformanceFailure(message: "missing: \(what)", file: #fileID, line: #line) }
        return value
    }
}
