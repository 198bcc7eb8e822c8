import Testing
@testable import StrataTransfer
@testable import StrataCore

/// SQLite declared type + stored values → PostgreSQL type (SPEC §10).
@Suite("Transfer type mapping")
struct TransferTypeMappingTests {
    func profile(integers: Int64 = 0, reals: Int64 = 0, texts: Int64 = 0, blobs: Int64 = 0, _ configure: (inout ColumnProfile) -> Void = { _ in }) -> ColumnProfile {
        var profile = ColumnProfile()
        profile.integers = integers
        profile.reals = reals
        profile.texts = texts
        profile.blobs = blobs
        configure(&profile)
        return profile
    }

    func type(_ declared: String, _ profile: ColumnProfile, rowid: Bool = false) -> String {
        let mapping = TransferTypeMapping.map(column: "c", declared: declared, profile: profile, rowidAlias: rowid)
        return mapping.postgresType + (mapping.widened == nil ? "" : " widened")
    }

    @Test("affinity rules of SQLite")
    func affinity() {
        #expect(SQLiteAffinity(declared: "BIGINT") == .integer)
        #expect(SQLiteAffinity(declared: "varchar(20)") == .text)
        #expect(SQLiteAffinity(declared: "") == .blob)
        #expect(SQLiteAffinity(declared: "DOUBLE PRECISION") == .real)
        #expect(SQLiteAffinity(declared: "DECIMAL(10,2)") == .numeric)
        #expect(SQLiteAffinity(declared: "FLOATING POINT") == .integer, "as in SQLite: \"INT\" anywhere wins, even in POINT")
    }

    @Test("the values decide: booleans only when all are 0/1, reals never narrowed, mixed columns widened")
    func values() {
        #expect(type("INTEGER", profile(integers: 5), rowid: true) == "bigint")
        #expect(type("BOOLEAN", profile(integers: 5)) == "boolean")
        #expect(type("BOOLEAN", profile(integers: 5) { $0.nonBooleanIntegers = 1 }) == "bigint")
        #expect(type("REAL", profile(integers: 2, reals: 3)) == "double precision")
        #expect(type("FLOAT", profile(reals: 3)) == "double precision")
        #expect(type("NUMERIC(10,2)", profile(integers: 1, reals: 3)) == "numeric")
        #expect(type("INTEGER", profile(integers: 3, texts: 1)) == "text widened")
        #expect(type("TEXT", profile(texts: 3) { $0.textsWithNUL = 1 }) == "bytea widened")
        #expect(type("BLOB", profile(texts: 1, blobs: 3)) == "bytea widened")
        #expect(type("DATETIME", profile(texts: 3) { $0.timestampTexts = 3 }) == "timestamptz")
        #expect(type("DATETIME", profile(texts: 3) { $0.timestampTexts = 2 }) == "text")
        #expect(type("DATETIME", profile(integers: 3)) == "bigint", "epoch integers stay integers")
        #expect(
            type(
                "DATE",
                profile(texts: 2) {
                    $0.dateTexts = 2
                    $0.timestampTexts = 2
                }) == "date")
        #expect(type("JSON", profile(texts: 2) { $0.jsonTexts = 2 }) == "jsonb")
        #expect(type("UUID", profile(texts: 2) { $0.uuidTexts = 1 }) == "text")
        #expect(type("", profile(integers: 2)) == "bigint")
        #expect(type("", profile(reals: 2, texts: 1)) == "text widened")
    }

    @Test("an empty column takes its declared type")
    func empty() {
        #expect(type("BOOLEAN", ColumnProfile()) == "boolean")
        #expect(type("DATETIME", ColumnProfile()) == "timestamptz")
        #expect(type("", ColumnProfile()) == "bytea")
        #expect(type("VARCHAR(20)", ColumnProfile()) == "text")
    }
}

@Suite("Transfer plan")
struct TransferPlanTests {
    @Test("a `flag IN (0, 1)` check on a column that becomes boolean is left to the type; other checks carry over")
    func booleanChecks() {
        var table = DatabaseSchema.Table(schema: nil, name: "t")
        table.columns = [
            DatabaseSchema.Column(name: "flag", type: "BOOLEAN", nullable: false),
            DatabaseSchema.Column(name: "qty", type: "INTEGER", nullable: true),
        ]
        table.checks = [DatabaseSchema.Check(name: nil, expression: "\"flag\" IN (0,1)"), DatabaseSchema.Check(name: nil, expression: "qty > 0")]
        var flag = ColumnProfile()
        flag.integers = 2
        var qty = ColumnProfile()
        qty.integers = 2
        qty.nonBooleanIntegers = 2
        var schema = DatabaseSchema(dialect: .sqlite)
        schema.tables = [table]
        let plan = TransferPlan.make(schema: schema, profiles: ["t": TableProfile(columns: ["flag": flag, "qty": qty])])
        #expect(plan.steps.filter { $0.kind == .check }.map(\.sql) == ["ALTER TABLE \"t\" ADD CHECK (\"qty\" > 0)"])
        #expect(plan.tables.first?.notCarriedOver.contains { $0.contains("enforced by the boolean type") } == true)
        #expect(TransferPlan.booleanCheckColumn("active in (1, 0)") == "active")
        #expect(TransferPlan.booleanCheckColumn("a + b IN (0, 1)") == nil)
        #expect(TransferPlan.booleanCheckColumn(#""my flag" IN (0,1)"#) == "my flag")
        #expect(TransferPlan.booleanCheckColumn(#""a""b" IN (0,1)"#) == #"a"b"#)
        #expect(TransferPlan.booleanCheckColumn(#""flag"IN(0,1)"#) == "flag")
        #expect(TransferPlan.booleanCheckColumn("flag In (0, 1)") == "flag")
        #expect(TransferPlan.booleanCheckColumn("[on] in (0,1)") == "on")
        #expect(TransferPlan.booleanCheckColumn(#""a" || "b" IN (0,1)"#) == nil)
        #expect(TransferPlan.booleanCheckColumn("x IN (0, 0)") == nil)
    }
}
