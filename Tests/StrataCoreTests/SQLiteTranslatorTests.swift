@testable import StrataTransfer
import Testing

/// The SQLite → PostgreSQL translator on its own (the transfer tests run its output on PostgreSQL).
@Suite("SQLite → PostgreSQL translator")
struct SQLiteTranslatorTests {
    static let translator = SQLiteTranslator(
        catalog: TranslationCatalog([
            .init(
                name: "Categories",
                columns: [("CategoryID", .integer), ("CategoryName", .text), ("Active", .boolean)], rowidAlias: "CategoryID"),
            .init(
                name: "Order Details",
                columns: [("OrderID", .integer), ("UnitPrice", .numeric), ("Quantity", .integer), ("Code", .text), ("When", .timestamp)]),
            .init(name: "film", columns: [("film_id", .integer), ("title", .text), ("rating_code", .text)]),
            .init(name: "Sales by Category", columns: [("CategoryName", .unknown), ("Total", .unknown)], isView: true),
        ]))

    @Test(
        "names in every SQLite spelling resolve to the object, quoted as created",
        arguments: [
            ("[UnitPrice]>=(0)", #""UnitPrice">=(0)"#),
            ("unitprice > 0 AND `Quantity` > 0", #""UnitPrice" > 0 AND "Quantity" > 0"#),
            (#""order details".unitPrice * 2"#, #""Order Details"."UnitPrice" * 2"#),
            ("rowid > 3", #""CategoryID" > 3"#),
        ])
    func names(_ sql: String, _ expected: String) throws {
        let table = sql.contains("Price") || sql.contains("Quantity") ? "Order Details" : "Categories"
        let translated = try Self.translator.expression(sql, table: table).sql
        #expect(translated == expected)
    }

    @Test("a view's query: tables, aliases and output names keep their spelling")
    func view() throws {
        let sql = """
            SELECT c.CategoryName, sum(od.UnitPrice * od.Quantity) AS Total
            FROM [Categories] c JOIN "Order Details" od ON od.OrderID = c.CategoryID
            WHERE c.Active = 1 GROUP BY c.categoryname ORDER BY Total DESC LIMIT 10, 5
            """
        let expected = """
            SELECT "c"."CategoryName", sum("od"."UnitPrice" * "od"."Quantity") AS "Total" \
            FROM "Categories" "c" JOIN "Order Details" "od" ON "od"."OrderID" = "c"."CategoryID" \
            WHERE "c"."Active" = true GROUP BY "c"."CategoryName" ORDER BY "Total" DESC LIMIT 5 OFFSET 10
            """
        let translated = try Self.translator.query(sql)
        #expect(translated == expected)
        #expect(Self.translator.references("SELECT * FROM [sales by category] JOIN film") == ["Sales by Category", "film"])
    }

    @Test(
        "functions and operators become PostgreSQL's",
        arguments: [
            ("ifnull(Code, 'none')", #"coalesce("Code", 'none')"#),
            ("iif(Quantity > 1, 'many', 'one')", #"CASE WHEN "Quantity" > 1 THEN 'many' ELSE 'one' END"#),
            ("substr(Code, 1, Quantity)", #"substr("Code", 1, ("Quantity")::int)"#),
            ("substr(Code, Quantity)", #"substr("Code", CASE WHEN ("Quantity")::int < 0 THEN greatest(length("Code") + ("Quantity")::int + 1, 1) ELSE ("Quantity")::int END)"#),
            ("instr(Code, 'x')", #"strpos("Code", 'x')"#),
            ("Quantity || '-' || OrderID", #"("Quantity")::text || '-' || ("OrderID")::text"#),
            ("Quantity == 3", #""Quantity" = 3"#),
            ("Code LIKE 'a%'", #""Code" ILIKE 'a%'"#),
            ("Code NOT GLOB 'A*[0-9]'", #""Code"  !~ '^A.*[0-9]$'"#),
            ("Code = Quantity", #"("Code")::numeric = "Quantity""#),
            ("Code IS NOT OrderID", #"("Code")::numeric IS DISTINCT FROM  "OrderID""#),
            ("Quantity / OrderID", #""Quantity" / NULLIF("OrderID", 0)"#),
            ("Quantity / 2", #""Quantity" / 2"#),
            ("substr(Code, -3)", #"substr("Code", greatest(length("Code") + -2, 1))"#),
            ("Code = 1", #""Code" = '1'"#),
            ("sum(Quantity) OVER (PARTITION BY Code)", #"sum("Quantity") OVER (PARTITION BY "Code")::bigint"#),
            ("Code LIKE Code || '%'", #""Code" ILIKE "Code" || '%' ESCAPE ''"#),
            ("length(Quantity)", #"length(("Quantity")::text)"#),
            ("typeof(UnitPrice)", #"CASE WHEN ("UnitPrice") IS NULL THEN 'null' ELSE 'real' END"#),
            ("printf('%s: %.2f', Code, UnitPrice)", #"format('%s: %s', "Code", round(("UnitPrice")::numeric, 2))"#),
            ("CAST(UnitPrice AS INTEGER)", #"trunc(("UnitPrice")::numeric)::bigint"#),
            ("strftime('%Y-%m', [When])", #"to_char((("When") AT TIME ZONE 'UTC'), 'YYYY-MM')"#),
            ("date('now', '-7 days')", #"to_char(((now() AT TIME ZONE 'UTC') - interval '7.0 days'), 'YYYY-MM-DD')"#),
            ("julianday(Code)", #"(extract(epoch FROM ("Code")::timestamp) / 86400.0 + 2440587.5)::double precision"#),
            ("Code COLLATE NOCASE = 'x'", #"lower("Code")   = lower('x')"#),
        ])
    func functions(_ sql: String, _ expected: String) throws {
        let translated = try Self.translator.expression(sql, table: "Order Details").sql
        #expect(translated == expected)
    }

    @Test("what has no equivalent is named with the fragment and why")
    func untranslatable() {
        #expect(throws: UntranslatableSQL("sqlite_version()", "SQLite's sqlite_version() has no PostgreSQL equivalent")) {
            try Self.translator.expression("sqlite_version() > '3'", table: nil)
        }
        #expect(throws: UntranslatableSQL.self) { try Self.translator.expression("Code REGEXP 'x'", table: "Order Details") }
        #expect(throws: UntranslatableSQL.self) { try Self.translator.expression("rowid > 1", table: "Order Details") }
    }
}

@Suite("IP addresses as text")
struct InetTextTests {
    @Test(
        "one canonical form, as PostgreSQL's inet prints it",
        arguments: [
            ("192.168.0.1", "192.168.0.1"), ("10.0.0.1/32", "10.0.0.1"), ("10.0.0.0/8", "10.0.0.0/8"), ("2001:DB8::1", "2001:db8::1"),
            ("2001:db8:0:0:0:0:0:1/128", "2001:db8::1"), ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ])
    func canonical(_ text: String, _ expected: String) {
        #expect(InetText.canonical(text) == expected)
    }

    @Test("anything else is not an address", arguments: ["", "1.2.3", "1.2.3.4/33", "300.1.1.1", "abc", "1.2.3.4/x", "::1/129"])
    func refused(_ text: String) {
        #expect(InetText.canonical(text) == nil)
    }
}
