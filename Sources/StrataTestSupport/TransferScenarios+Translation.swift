import Foundation
import StrataTransfer
import Strata

/// The whole database, not only its tables: views, checks, defaults and expression indexes
/// written the way SQLite databases write them arrive on PostgreSQL and behave the same.
extension TransferScenarios {
    /// A Northwind-like schema: bracketed, backticked, double-quoted and bare names in checks;
    /// views with joins, aggregates, `strftime` grouping, a view on a view, spaces in names, a
    /// subquery without a name, SQLite functions and operators; expression and partial indexes;
    /// defaults calling SQLite functions. After the transfer every view returns the same rows on
    /// both sides and every check refuses the same bad row on both sides.
    package static func viewsAndChecks(source: TestDatabase, target: TestDatabase) async throws {
        for statement in translationSchema + edgeViews + translationRows { try await source.execute(statement) }
        let (transfer, plan) = try await transfer(source, target)
        try expectEqual(plan.untranslated, [], "everything translates")
        let sessions = try unwrap(plan.tables.first { $0.name == "sessions" }, "the sessions table")
        try expectEqual(sessions.columns.map(\.postgresType), ["bigint", "inet", "inet", "text"], "address columns become inet; a note of addresses does not")
        try expectEqual(plan.steps.filter { $0.kind == .view }.count, views.count, "every view is planned")
        let order = plan.steps.filter { $0.kind == .view }.map(\.name)
        try expect(order.firstIndex(of: "top categories")! > order.firstIndex(of: "Sales by Category")!, "a view comes after the view it reads: \(order)")
        let report = try await transfer.run(plan)
        try expect(report.succeeded, "the transfer succeeds: \(report.failedSteps.map { "\($0.step.name): \($0.error)" })")

        try await expectSameViews(views, source: source, target: target)
        try await expectRefusedOnBoth(badRows.map { "INSERT INTO \(SQLDialect.postgres.quote($0.0)) VALUES (\($0.1))" }, source: source, target: target)
        let indexes = try await target.query("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname").compactMap { $0["indexname"].string }
        for index in ["idx_products_lower", "idx_orders_recent", "idx details big"] {
            try expect(indexes.contains(index), "index \(index) exists on PostgreSQL: \(indexes)")
        }
        // Defaults that call SQLite functions work on PostgreSQL.
        let inserted = try await target.query(#"INSERT INTO "Orders" ("OrderID", "Customer") VALUES (99, 'ZED') RETURNING "OrderDate", "Created""#)
        try expect(inserted.first?["OrderDate"] != .null && inserted.first?["Created"].integer ?? 0 > 1_700_000_000, "the defaults fill the row: \(inserted)")
    }

    static let views = [
        "Product List", "Sales by Category", "monthly_sales", "top categories", "order_labels", "product_range", "active_categories",
        "Spaced Name View", "price_text", "edge_cases", "unnamed_columns", "found_contacts",
    ]

    static let translationSchema = [
        "CREATE TABLE Categories (CategoryID INTEGER PRIMARY KEY, CategoryName TEXT NOT NULL, Active BOOLEAN NOT NULL DEFAULT 1)",
        """
        CREATE TABLE Products (ProductID INTEGER PRIMARY KEY, ProductName TEXT NOT NULL CHECK (length(ProductName) > 0),
          CategoryID INTEGER REFERENCES Categories, UnitPrice NUMERIC, Discontinued INTEGER NOT NULL DEFAULT 0,
          Code TEXT CHECK (Code GLOB '[A-Z][A-Z]-*'))
        """,
        """
        CREATE TABLE Orders (OrderID INTEGER PRIMARY KEY, OrderDate DATETIME NOT NULL DEFAULT (datetime('now')), ShipCity TEXT,
          Customer TEXT CHECK (customer = upper(customer)), Created INTEGER DEFAULT (strftime('%s', 'now')))
        """,
        """
        CREATE TABLE [Order Details] (OrderID INTEGER NOT NULL REFERENCES Orders, ProductID INTEGER NOT NULL REFERENCES Products,
          UnitPrice NUMERIC NOT NULL DEFAULT 0, Quantity INTEGER NOT NULL DEFAULT 1, Discount REAL NOT NULL DEFAULT 0,
          CHECK ([UnitPrice]>=(0)), CHECK (`Quantity` > 0), CHECK ("Discount" BETWEEN 0 AND 1), PRIMARY KEY (OrderID, ProductID))
        """,
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, ip_address TEXT, client_ip VARCHAR(45), note TEXT)",
        "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE)",
        "CREATE VIEW found_contacts AS SELECT id, email FROM contacts WHERE email = 'ADA@EXAMPLE.COM' OR contacts.email IN ('x')",
        "CREATE INDEX idx_products_lower ON Products (lower(ProductName))",
        "CREATE INDEX idx_orders_recent ON Orders (OrderDate) WHERE ShipCity IS NOT NULL",
        "CREATE INDEX [idx details big] ON [Order Details] (UnitPrice * Quantity) WHERE Quantity > 1",
        """
        CREATE VIEW [Product List] AS SELECT p.ProductName, c.CategoryName FROM Products p
          JOIN Categories c ON p.CategoryID = c.CategoryID WHERE p.Discontinued = 0
        """,
        """
        CREATE VIEW "Sales by Category" AS SELECT c.CategoryName, round(sum(od.UnitPrice * od.Quantity * (1 - od.Discount)), 2) AS Total,
          count(*) AS Lines FROM Categories c JOIN Products p ON p.CategoryID = c.CategoryID
          JOIN [Order Details] od ON od.ProductID = p.ProductID GROUP BY c.CategoryName
        """,
        """
        CREATE VIEW monthly_sales AS SELECT strftime('%Y-%m', o.OrderDate) AS Month, count(DISTINCT o.OrderID) AS Orders,
          round(sum(od.UnitPrice * od.Quantity), 2) AS Amount FROM Orders o JOIN "Order Details" od USING (OrderID)
          GROUP BY strftime('%Y-%m', o.OrderDate)
        """,
        "CREATE VIEW [top categories] AS SELECT CategoryName, Total FROM [sales by category] WHERE Total > 10",
        """
        CREATE VIEW order_labels AS SELECT OrderID, 'Order ' || OrderID || ' to ' || ifnull(ShipCity, 'nowhere') AS Label,
          iif(ShipCity IS NULL, 0, 1) AS Shipped, date(OrderDate) AS Day, substr(Customer, 1, 3) AS Short,
          instr(Customer, 'A') AS APos, typeof(OrderID) AS T, strftime('%w', OrderDate) AS Weekday FROM Orders
        """,
        """
        CREATE VIEW product_range AS SELECT min(ProductName) AS First, max(ProductName) AS Last, count(*) AS N
          FROM (SELECT ProductName FROM Products WHERE ProductName LIKE '%A%')
        """,
        "CREATE VIEW active_categories AS SELECT * FROM Categories WHERE Active = 1 AND CategoryName NOT GLOB 'X*'",
        #"CREATE VIEW "Spaced Name View" AS SELECT "CategoryName" AS "Category Name" FROM categories WHERE categoryid == 1"#,
        """
        CREATE VIEW price_text AS SELECT ProductID, UnitPrice || '' AS PriceText, CAST(UnitPrice AS INTEGER) AS Whole,
          length(ProductID) AS L, printf('%s costs %.2f', ProductName, UnitPrice) AS Line FROM Products
        """,
    ]

    /// Where SQLite and PostgreSQL differ most: division by zero, window aggregates with FILTER,
    /// negative substr, NULL in scalar max, text against a number, NOCASE on the left, a LIKE
    /// pattern built with ||, epoch seconds of any type; and columns PostgreSQL would name alike.
    static let edgeViews = [
        """
        CREATE VIEW edge_cases AS SELECT ProductID, UnitPrice / Discontinued AS PerDiscontinued, UnitPrice % Discontinued AS Remainder,
          sum(UnitPrice) OVER (PARTITION BY CategoryID) AS CategoryTotal, count(*) FILTER (WHERE UnitPrice > 15) OVER () AS Expensive,
          substr(ProductName, -3) AS Tail, max(UnitPrice, NULL) AS MaxNull, max(ProductID, 2) AS AtLeastTwo, Code = 1 AS CodeIsOne,
          ProductName COLLATE NOCASE = 'chai' AS IsChai, ProductName LIKE substr(ProductName, 1, 2) || '%' AS SelfPrefix,
          datetime(CategoryID * 86400, 'unixepoch') AS Epochish, iif(Discontinued, 'gone', 'sold') AS Sold
        FROM Products
        """,
        "CREATE VIEW unnamed_columns AS SELECT sum(UnitPrice), sum(Quantity), OrderID + 1 FROM [Order Details] GROUP BY OrderID",
    ]

    static let translationRows = [
        "INSERT INTO contacts VALUES (1, 'ada@example.com'), (2, 'Grace@Example.com')",
        """
        INSERT INTO sessions VALUES (1, '192.168.0.1', '2001:DB8::1', '10.0.0.1'), (2, '10.0.0.0/8', '::ffff:1.2.3.4', NULL),
          (3, NULL, '10.1.2.3/32', 'x'), (4, 'fe80::1:2', '127.0.0.1', '')
        """,
        "INSERT INTO Categories VALUES (1, 'Beverages', 1), (2, 'Condiments', 1), (3, 'Xtras', 0), (4, 'Seafood', 1)",
        """
        INSERT INTO Products VALUES (1, 'Chai', 1, 18, 0, 'BE-1'), (2, 'Aniseed Syrup', 2, 10.5, 0, 'CO-2'),
          (3, 'Ikura', 4, 31, 1, NULL), (4, 'Chang', 1, 19.25, 0, 'BE-4')
        """,
        """
        INSERT INTO Orders VALUES (10, '2024-01-15 10:00:00', 'Berlin', 'ALFKI', 1705312800), (11, '2024-01-20 09:30:00', NULL, 'ANATR', 1705743000),
          (12, '2024-02-03 16:45:00', 'Lyon', 'BONAP', 1706978700)
        """,
        """
        INSERT INTO "Order Details" VALUES (10, 1, 18, 2, 0), (10, 2, 10.5, 1, 0.1), (11, 4, 19.25, 3, 0), (12, 3, 31, 1, 0.05),
          (12, 1, 18, 5, 0)
        """,
    ]

    /// A row each check refuses, on both sides.
    static let badRows: [(String, String)] = [
        ("contacts", "3, 'ADA@EXAMPLE.COM'"),
        ("Order Details", "10, 3, -1, 1, 0"),
        ("Order Details", "10, 4, 1, 0, 0"),
        ("Order Details", "11, 1, 1, 1, 2"),
        ("Products", "20, '', 1, 1, 0, NULL"),
        ("Products", "21, 'x', 1, 1, 0, 'a1'"),
        ("Orders", "20, '2024-01-01 00:00:00', NULL, 'lower', 0"),
    ]

    /// Every row as text, the same way for both databases (numbers by value, 0/1 and
    /// true/false alike, timestamps without their zone), sorted.
    static func rows(_ database: TestDatabase, _ sql: String) async throws -> [String] {
        try await database.query(sql).map { row in
            row.values.map { value -> String in
                switch value {
                case .null: return "NULL"
                case .integer(let number): return String(number)
                case .real(let number): return String(format: "%.9g", number)
                case .blob(let bytes): return bytes.map { String(format: "%02x", $0) }.joined()
                case .text(let text):
                    if text == "t" || text == "true" { return "1" }
                    if text == "f" || text == "false" { return "0" }
                    if let number = Double(text), text.first != "0" || text == "0" || text.hasPrefix("0.") { return String(format: "%.9g", number) }
                    return timestampText(text) ?? text
                }
            }.joined(separator: "|")
        }.sorted()
    }

    /// `2024-05-25T11:30:37.000Z`, `2024-05-25 11:30:37+00` → `2024-05-25 11:30:37`; nil for other text.
    static func timestampText(_ text: String) -> String? {
        guard text.count >= 19, text.dropFirst(4).first == "-", let separator = text.dropFirst(10).first, separator == " " || separator == "T" else { return nil }
        var result = String(text.prefix(10)) + " " + text.dropFirst(11).prefix(8)
        var fraction = text.dropFirst(19)
        for suffix in ["Z", "+00:00", "+00"] where fraction.hasSuffix(suffix) { fraction = fraction.dropLast(suffix.count) }
        if fraction.hasPrefix("."), fraction.dropFirst().contains(where: { $0 != "0" }) { result += fraction.replacingOccurrences(of: "0+$", with: "", options: .regularExpression) }
        return result
    }

    /// Runs each statement on both sides and compares what `checks` read after each.
    static func expectSameEffect(_ statements: [String], checks: [String], source: TestDatabase, target: TestDatabase) async throws {
        for statement in statements {
            try await source.execute(statement)
            try await target.execute(statement)
            for query in checks {
                try expectEqual(try await rows(target, query), try await rows(source, query), "after \(statement): \(query)")
            }
        }
    }

    /// Each statement is refused on both sides.
    static func expectRefusedOnBoth(_ statements: [String], source: TestDatabase, target: TestDatabase) async throws {
        for statement in statements {
            try await expectRefused(source, statement, "SQLite refuses \(statement)")
            try await expectRefused(target, statement, "PostgreSQL refuses \(statement)")
        }
    }

    /// Each view returns the same rows on both sides.
    static func expectSameViews(_ views: [String], source: TestDatabase, target: TestDatabase) async throws {
        for view in views {
            let onSQLite = try await rows(source, "SELECT * FROM \(SQLDialect.sqlite.quote(view))")
            let onPostgres = try await rows(target, "SELECT * FROM \(SQLDialect.postgres.quote(view))")
            try expect(!onSQLite.isEmpty, "view \(view) returns rows on SQLite")
            try expectEqual(onPostgres, onSQLite, "view \(view) returns the same rows on both sides")
        }
    }

    static func expectRefused(_ database: TestDatabase, _ sql: String, _ message: String) async throws {
        do {
            try await database.execute(sql)
        } catch {
            return
        }
        throw ConformanceFailure(message: "\(message): it was accepted")
    }
}
