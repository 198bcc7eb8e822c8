import Foundation
import Testing
@testable import StrataCore

/// The judgement of `strata health`, without a database: index advice from a schema, thresholds,
/// and the output formats.
@Suite("Health evaluation")
struct HealthEvaluatorTests {
    func table(_ name: String, _ configure: (inout DatabaseSchema.Table) -> Void) -> DatabaseSchema.Table {
        var table = DatabaseSchema.Table(schema: nil, name: name)
        configure(&table)
        return table
    }

    @Test("a key is served by any index whose leading columns are its columns, in any order; not by a partial one")
    func foreignKeys() {
        var schema = DatabaseSchema(dialect: .postgres)
        let key = { (columns: [String]) in
            DatabaseSchema.ForeignKey(columns: columns, referencedTable: "parent", referencedColumns: ["a", "b"], onUpdate: "NO ACTION", onDelete: "NO ACTION")
        }
        schema.tables = [
            table("served") {
                $0.foreignKeys = [key(["a", "b"])]
                $0.indexes = [DatabaseSchema.Index(name: "served_b_a_c", unique: false, columns: ["b", "a", "c"])]
            },
            table("partial") {
                $0.foreignKeys = [key(["a"])]
                $0.indexes = [DatabaseSchema.Index(name: "partial_a", unique: false, columns: ["a"], predicate: "a IS NOT NULL")]
            },
            table("by_key") {
                $0.foreignKeys = [key(["id"])]
                $0.primaryKey = DatabaseSchema.PrimaryKey(columns: ["id", "other"])
            },
            table("second_column") {
                $0.foreignKeys = [key(["a"])]
                $0.indexes = [DatabaseSchema.Index(name: "second_column_b_a", unique: false, columns: ["b", "a"])]
            },
        ]
        let findings = IndexAdvice.findings(schema).filter { $0.kind == .foreignKeyWithoutIndex }.map(\.table)
        #expect(findings == ["partial", "second_column"])
    }

    @Test("duplicates and prefixes: a constraint is never the one to drop, a unique index is never a prefix")
    func redundant() {
        var schema = DatabaseSchema(dialect: .sqlite)
        schema.tables = [
            table("t") {
                $0.primaryKey = DatabaseSchema.PrimaryKey(columns: ["id"])
                $0.uniques = [DatabaseSchema.Unique(name: "t_email_key", columns: ["email"])]
                $0.indexes = [
                    DatabaseSchema.Index(name: "t_id", unique: false, columns: ["id"]),
                    DatabaseSchema.Index(name: "t_email_unique", unique: true, columns: ["email"]),
                    DatabaseSchema.Index(name: "t_a", unique: true, columns: ["a"]),
                    DatabaseSchema.Index(name: "t_a_b", unique: false, columns: ["a", "b"]),
                    DatabaseSchema.Index(name: "t_c_hash", unique: false, columns: ["c"], method: "hash"),
                    DatabaseSchema.Index(name: "t_c_d", unique: false, columns: ["c", "d"]),
                ]
            }
        ]
        let found = IndexAdvice.findings(schema).map { "\($0.kind) \($0.object) \($0.coveredBy ?? "")" }
        #expect(found == ["duplicate t_id primary key (id)", "duplicate t_email_unique t_email_key (email)"])
    }

    @Test("sessions: idle in transaction and blocked queries past their thresholds, with who blocks")
    func sessions() {
        var limits = StrataSettings.Health()
        limits.longTransaction = .init(warning: .seconds(60), error: .seconds(600))
        let evaluator = HealthEvaluator(limits: limits)
        let checks = evaluator.sessions([
            .init(pid: 1, state: "idle in transaction", transactionSeconds: 700, querySeconds: 700, blockedBy: [], query: "UPDATE t SET a = 1"),
            .init(pid: 2, state: "active", transactionSeconds: 5, querySeconds: 45, blockedBy: [1], query: "SELECT * FROM t"),
            .init(pid: 3, state: "active", transactionSeconds: 1, querySeconds: 1, blockedBy: [], query: "SELECT 1"),
        ])
        #expect(checks.map { "\($0.name) \($0.object ?? "") \($0.status)" } == ["idle in transaction pid 1 error", "blocked query pid 2 warning"])
        #expect(checks.last?.value.contains("behind pid 1") == true)
    }

    @Test("unused indexes are judged only on statistics old enough; otherwise the report says why not")
    func unusedIndexes() {
        var facts = HealthObservations()
        facts.indexUsage = [
            .init(table: "t", index: "t_a", scans: 0, bytes: 8192, enforcesConstraint: false),
            .init(table: "t", index: "t_pkey", scans: 0, bytes: 8192, enforcesConstraint: true),
            .init(table: "t", index: "t_b", scans: 3, bytes: 8192, enforcesConstraint: false),
        ]
        let now = Date()
        facts.statisticsSince = now.addingTimeInterval(-3600)
        let evaluator = HealthEvaluator(limits: StrataSettings.Health(), now: now)
        let young = evaluator.report(facts, dialect: .postgres, database: "db")
        #expect(!young.checks.contains { $0.name == "unused index" })
        #expect(young.skipped.contains { $0.hasPrefix("unused indexes: the index statistics are 60 min old") })
        facts.statisticsSince = now.addingTimeInterval(-30 * 86_400)
        let old = evaluator.report(facts, dialect: .postgres, database: "db")
        #expect(old.checks.filter { $0.name == "unused index" }.map(\.object) == ["t_a"])
        #expect(old.exitCode == 1)
    }

    @Test("Prometheus labels are escaped; Nagios is one line with the worst first and quoted labels")
    func formats() {
        let report = HealthReport(checks: [
            HealthCheck(name: "connectivity", status: .ok, value: "1 ms", unit: .seconds, measure: 0.001),
            HealthCheck(name: "dead rows", status: .warning, value: "30% dead", object: #"public."we\"ird"|table"#, unit: .ratio, measure: 0.3),
            HealthCheck(name: "invalid index", status: .error, value: "invalid\nindex", object: "public.i"),
            HealthCheck(name: "database size", status: .ok, value: "20 kB", unit: .bytes, measure: 20480),
            HealthCheck(name: "migrations", status: .ok, value: "none pending", unit: .count, measure: 0),
        ])
        let prometheus = report.prometheus()
        #expect(prometheus.contains(#"strata_health_status{check="dead rows",object="public.\"we\\\"ird\"|table"} 1"#))
        #expect(prometheus.contains("strata_health_exit_code 2\n"))
        let nagios = report.nagios()
        #expect(!nagios.contains("\n"))
        #expect(nagios.hasPrefix("HEALTH CRITICAL - invalid index public.i: invalid index; dead rows public."))
        #expect(nagios.hasSuffix(#" | 'connectivity'=0.001s 'dead rows public."we\"ird"/table'=30% 'database size'=20480B 'migrations'=0"#), "units as the plugin guidelines have them: \(nagios)")
        #expect(prometheus.contains(#"strata_health_value{check="dead rows",object="public.\"we\\\"ird\"|table"} 0.3"#), "Prometheus keeps ratios: \(prometheus)")
        #expect(nagios.components(separatedBy: " | ").count == 2, "one bar: the object's | is replaced")
    }

    @Test("other sessions' statements lose every literal, even one cut off")
    func redaction() {
        #expect(SQLRedaction.withoutLiterals("ALTER ROLE app PASSWORD 'hunter2'") == "ALTER ROLE app PASSWORD '…'")
        #expect(SQLRedaction.withoutLiterals("SELECT dblink_connect('password=it''s secret host=db')") == "SELECT dblink_connect('…')")
        #expect(SQLRedaction.withoutLiterals("UPDATE t SET a = 'trunc") == "UPDATE t SET a = '…'")
        #expect(SQLRedaction.withoutLiterals("DO $x$ BEGIN PERFORM 'k'; END $x$; SELECT $1") == "DO $x$…$x$; SELECT $1")
    }

    @Test("quoted index columns serve their key; an invalid index serves nothing; an index with an operator class is no duplicate")
    func pgIndexes() {
        var schema = DatabaseSchema(dialect: .postgres)
        schema.tables = [
            table("t") {
                $0.schema = "public"
                $0.foreignKeys = [
                    DatabaseSchema.ForeignKey(columns: ["userId"], referencedTable: "users", referencedColumns: ["id"], onUpdate: "NO ACTION", onDelete: "NO ACTION"),
                    DatabaseSchema.ForeignKey(columns: ["b"], referencedTable: "users", referencedColumns: ["id"], onUpdate: "NO ACTION", onDelete: "NO ACTION"),
                ]
                $0.indexes = [
                    DatabaseSchema.Index(name: "t_user", unique: false, columns: ["\"userId\""]),
                    DatabaseSchema.Index(name: "t_b_failed", unique: false, columns: ["b"]),
                    DatabaseSchema.Index(name: "t_name", unique: false, columns: ["name"]),
                    DatabaseSchema.Index(name: "t_name_pattern", unique: false, columns: ["name"]),
                ]
            }
        ]
        let definitions = [
            "public.t_name": "CREATE INDEX t_name ON public.t USING btree (name)",
            "public.t_name_pattern": "CREATE INDEX t_name_pattern ON public.t USING btree (name text_pattern_ops)",
        ]
        let findings = IndexAdvice.findings(schema, invalid: ["public.t_b_failed"], definitions: definitions).map { "\($0.kind) \($0.object)" }
        #expect(findings == ["foreignKeyWithoutIndex public.t (b) → users"])
    }

    @Test("optimize never drops both twins, nor the index a foreign key needs, nor touches a partitioned table")
    func keepsWhatServes() {
        var facts = HealthObservations()
        var schema = DatabaseSchema(dialect: .postgres)
        schema.tables = [
            table("t") {
                $0.schema = "public"
                $0.foreignKeys = [DatabaseSchema.ForeignKey(columns: ["a"], referencedTable: "u", referencedColumns: ["id"], onUpdate: "NO ACTION", onDelete: "NO ACTION")]
                $0.indexes = [
                    DatabaseSchema.Index(name: "t_x", unique: false, columns: ["x"]), DatabaseSchema.Index(name: "t_x_copy", unique: false, columns: ["x"]),
                    DatabaseSchema.Index(name: "t_a", unique: false, columns: ["a"]),
                ]
            },
            table("p") {
                $0.schema = "public"
                $0.foreignKeys = [DatabaseSchema.ForeignKey(columns: ["a"], referencedTable: "u", referencedColumns: ["id"], onUpdate: "NO ACTION", onDelete: "NO ACTION")]
            },
        ]
        facts.schema = schema
        facts.partitionedTables = ["public.p"]
        for name in ["t_x", "t_x_copy", "t_a"] { facts.indexDefinitions["public.\(name)"] = "CREATE INDEX \(name) ON public.t USING btree (x)" }
        facts.indexUsage = ["t_x", "t_x_copy", "t_a"].map { .init(table: "public.t", index: "public.\($0)", scans: 0, bytes: 8192, enforcesConstraint: false) }
        let now = Date()
        facts.statisticsSince = now.addingTimeInterval(-30 * 86_400)
        let fixes = FixPlanner(dialect: .postgres, limits: StrataSettings.Health(), now: now).fixes(facts)
        #expect(fixes.map { "\($0.kind.rawValue) \($0.object)" } == ["drop index public.t_x_copy"])
        #expect(fixes.first?.down == "CREATE INDEX CONCURRENTLY t_x_copy ON public.t USING btree (x);")
    }

    @Test("one series per check and object; perfdata without exponents; a query blocked under the threshold is fine")
    func uniqueSeries() {
        let report = HealthReport(checks: [
            HealthCheck(name: "replication lag", status: .ok, value: "0 s", object: "walreceiver", unit: .seconds, measure: 0.000012),
            HealthCheck(name: "replication lag", status: .ok, value: "0 s", object: "walreceiver", unit: .seconds, measure: 0.5),
        ])
        #expect(report.prometheus().contains(#"object="walreceiver #2"} 0"#))
        #expect(report.nagios().hasSuffix("'replication lag walreceiver'=0.000012s 'replication lag walreceiver #2'=0.5s"), "\(report.nagios())")
        let checks = HealthEvaluator(limits: StrataSettings.Health()).sessions([
            .init(pid: 2, state: "active", transactionSeconds: 1, querySeconds: 1, blockedBy: [1], query: "SELECT 1")
        ])
        #expect(checks.isEmpty)
    }
}
