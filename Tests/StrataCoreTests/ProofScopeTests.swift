import Testing

@testable import StrataCore

/// The part of a schema a diff's proof builds: what the change can break is in, the rest out.
@Suite struct ProofScopeTests {
    typealias Schema = DatabaseSchema

    /// A shop: customers ← orders ← order_lines → products, views over orders, a function used by
    /// a default, a view over a view, and countries that nothing touches.
    static func shop() -> Schema {
        var schema = Schema(dialect: .postgres)
        schema.schemas = ["public"]
        func table(_ name: String, _ columns: [(String, String)], key: [String] = ["id"]) -> Schema.Table {
            var table = Schema.Table(schema: "public", name: name)
            table.columns = columns.map { Schema.Column(name: $0.0, type: $0.1, nullable: false) }
            table.primaryKey = Schema.PrimaryKey(columns: key)
            return table
        }
        func reference(_ column: String, _ parent: String) -> Schema.ForeignKey {
            Schema.ForeignKey(columns: [column], referencedSchema: "public", referencedTable: parent, referencedColumns: ["id"], onUpdate: "NO ACTION", onDelete: "NO ACTION")
        }
        let countries = table("countries", [("code", "text"), ("name", "text")], key: ["code"])
        var customers = table("customers", [("id", "bigint"), ("name", "text"), ("ref", "text")])
        customers.columns[2].defaultExpression = "next_ref()"
        var orders = table("orders", [("id", "bigint"), ("customer_id", "bigint"), ("total", "integer"), ("note", "text")])
        orders.foreignKeys = [reference("customer_id", "customers")]
        var products = table("products", [("id", "bigint"), ("sku", "text")])
        products.uniques = [Schema.Unique(name: "products_sku_key", columns: ["sku"])]
        var lines = table("order_lines", [("id", "bigint"), ("order_id", "bigint"), ("product_id", "bigint")])
        lines.foreignKeys = [reference("order_id", "orders"), reference("product_id", "products")]
        schema.tables = [countries, customers, orders, products, lines]
        schema.views = [
            Schema.View(schema: "public", name: "order_totals", materialized: false, definition: " SELECT id, total FROM orders;"),
            Schema.View(schema: "public", name: "order_notes", materialized: false, definition: " SELECT id, note FROM orders;"),
            Schema.View(schema: "public", name: "big_orders", materialized: false, definition: " SELECT id FROM order_totals WHERE total > 100;"),
        ]
        schema.functions = [
            Schema.Function(
                schema: "public", name: "next_ref", arguments: "", kind: "function",
                definition: "CREATE OR REPLACE FUNCTION public.next_ref()\n RETURNS text\n LANGUAGE sql\nAS $function$ SELECT 'r' $function$\n")
        ]
        return schema
    }

    static func scope(_ change: (inout Schema) -> Void) throws -> Set<String> {
        try fullScope(change).names
    }

    static func fullScope(_ change: (inout Schema) -> Void) throws -> ProofScope {
        let current = shop()
        var desired = current
        change(&desired)
        let plan = try SchemaDiffer(allowDataLoss: true).diff(from: current, to: desired)
        #expect(!plan.isEmpty)
        return ProofScope(current: current, desired: desired, plan: plan)
    }

    @Test func aRetypedColumnReachesTheViewsThatNameItAndWhatTheyNeed() throws {
        let scope = try Self.fullScope { $0.tables[2].columns[2].type = "bigint" }
        // The views that name the column, and the view over them (the plan remakes all three).
        #expect(scope.names.isSuperset(of: ["orders", "order_totals", "big_orders"]))
        // customers only for the key orders references: a stub, so next_ref (its default) is not needed.
        #expect(scope.stubs == ["customers": [["id"]]])
        // order_lines references a key that stays, countries is apart.
        #expect(scope.names.isDisjoint(with: ["order_lines", "products", "countries", "customers", "next_ref", "order_notes"]))
    }

    @Test func aTableOnlyForeignKeysReferenceIsBuiltAsAStubOfItsKeys() throws {
        var current = Self.shop()
        current.tables[2].indexes = [Schema.Index(name: "orders_total_idx", unique: false, columns: ["total"])]
        current.tables[2].checks = [Schema.Check(name: "orders_total_check", expression: "(total >= 0)")]
        current.tables[2].columns[0].identity = "by default"
        current.sequences = [Schema.Sequence(schema: "public", name: "orders_id_seq", type: "bigint", ownedBy: "orders.id")]
        current.triggers = [Schema.Trigger(schema: "public", name: "orders_touch", table: "orders", definition: "CREATE TRIGGER orders_touch …")]
        var desired = current
        desired.tables[4].columns.append(Schema.Column(name: "note", type: "text", nullable: true))
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let scope = ProofScope(current: current, desired: desired, plan: plan)
        // order_lines changes; orders and products only for the keys it references; customers not at all.
        #expect(scope.names == ["order_lines"])
        #expect(scope.stubs == ["orders": [["id"]], "products": [["id"]]])
        let kept = scope.apply(to: current)
        let orders = try #require(kept.tables.first { $0.name == "orders" })
        #expect(orders.columns.map(\.name) == ["id"])
        #expect(orders.columns.allSatisfy { $0.identity == nil && $0.defaultExpression == nil })
        #expect(orders.primaryKey?.columns == ["id"] && orders.foreignKeys.isEmpty && orders.indexes.isEmpty && orders.checks.isEmpty)
        // Its sequence, its triggers, and the table its own foreign key references stay out.
        #expect(kept.sequences.isEmpty && kept.triggers.isEmpty)
        #expect(Set(kept.tables.map(\.name)) == ["order_lines", "orders", "products"])
    }

    @Test func aReferencedKeyNoKeyCoversKeepsTheTableWhole() throws {
        var current = Self.shop()
        // A foreign key to a column list no key of the model covers (as read from a database that has one the model does not carry).
        current.tables[4].foreignKeys.append(
            Schema.ForeignKey(columns: ["product_id"], referencedSchema: "public", referencedTable: "countries", referencedColumns: ["name"], onUpdate: "NO ACTION", onDelete: "NO ACTION"))
        var desired = current
        desired.tables[4].columns.append(Schema.Column(name: "note", type: "text", nullable: true))
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let scope = ProofScope(current: current, desired: desired, plan: plan)
        #expect(scope.names.isSuperset(of: ["order_lines", "countries"]))
        #expect(scope.stubs["countries"] == nil)
    }

    @Test func anAddedColumnKeepsOnlyTheTableAndWhatItNeeds() throws {
        let names = try Self.scope { $0.tables[3].columns.append(Schema.Column(name: "weight", type: "integer", nullable: true)) }
        #expect(names == ["products"])
    }

    @Test func aChangedKeyReachesTheForeignKeysThatReferenceIt() throws {
        let scope = try Self.fullScope { $0.tables[2].primaryKey = Schema.PrimaryKey(columns: ["id", "customer_id"]) }
        #expect(scope.names.isSuperset(of: ["orders", "order_lines"]))
        // What they reference, only for its keys.
        #expect(scope.stubs == ["products": [["id"]], "customers": [["id"]]])
        #expect(!scope.names.contains("countries"))
    }

    @Test func aChangedFunctionReachesWhatCallsIt() throws {
        let names = try Self.scope { schema in
            schema.functions[0].definition = schema.functions[0].definition.replacingOccurrences(of: "'r'", with: "'s'")
        }
        #expect(names.isSuperset(of: ["next_ref", "customers"]))
        #expect(names.isDisjoint(with: ["orders", "order_lines", "countries"]))
    }

    @Test func aDroppedTableReachesEverythingThatNamesIt() throws {
        let names = try Self.scope { schema in
            schema.tables.removeAll { $0.name == "order_lines" || $0.name == "orders" }
            schema.views = []
        }
        #expect(names.isSuperset(of: ["orders", "order_lines", "order_totals", "order_notes", "big_orders", "products", "customers"]))
        #expect(!names.contains("countries"))
    }

    @Test func aTypeNamedOnlyInACastReachesTheViewThatCastsToIt() throws {
        var current = Self.shop()
        current.enums = [Schema.EnumType(schema: "public", name: "mood", values: ["calm", "busy"])]
        current.views.append(
            Schema.View(schema: "public", name: "moods", materialized: false, definition: " SELECT id, 'calm'::mood AS feeling FROM countries;"))
        var desired = current
        desired.enums[0].values.append("tired")
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let names = ProofScope(current: current, desired: desired, plan: plan).names
        #expect(names.isSuperset(of: ["mood", "moods", "countries"]), "\(names)")
    }

    @Test func theScopedSchemaKeepsTheTriggersAndSequencesOfItsTables() throws {
        var current = Self.shop()
        current.triggers = [Schema.Trigger(schema: "public", name: "orders_touch", table: "orders", definition: "CREATE TRIGGER orders_touch …")]
        current.sequences = [Schema.Sequence(schema: "public", name: "orders_id_seq", type: "bigint", ownedBy: "orders.id")]
        var desired = current
        desired.tables[2].columns.append(Schema.Column(name: "paid", type: "boolean", nullable: true))
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let scope = ProofScope(current: current, desired: desired, plan: plan)
        let kept = scope.apply(to: current)
        #expect(Set(kept.tables.map(\.name)) == ["orders", "customers"])
        #expect(kept.triggers.map(\.name) == ["orders_touch"])
        #expect(kept.sequences.map(\.name) == ["orders_id_seq"])
        #expect(kept.schemas == ["public"])
        #expect(kept.tables.count * 5 == current.tables.count * 2, "two tables of five")
    }

    @Test func anIndexThePlanCannotTouchIsLeftOutOfBothSides() throws {
        var current = Self.shop()
        current.tables[2].indexes = [
            Schema.Index(name: "orders_total_idx", unique: false, columns: ["total"]),
            Schema.Index(name: "orders_note_idx", unique: false, columns: ["note"]),
            Schema.Index(name: "orders_note_key", unique: true, columns: ["note"]),
            Schema.Index(name: "orders_recent_idx", unique: false, columns: ["id"], predicate: "(total > 0)"),
            Schema.Index(name: "orders_customer_idx", unique: false, columns: ["customer_id"]),
        ]
        var desired = current
        desired.tables[2].columns[2].type = "bigint"
        desired.tables[2].indexes[4].columns = ["customer_id", "id"]
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let scope = ProofScope(current: current, desired: desired, plan: plan)
        // Left out: only the plain index over a column that stays. Kept: the retyped column's, the
        // predicate over it, the unique one, and the changed one (the plan names it).
        #expect(scope.quiet == ["orders": ["orders_note_idx"]])
        for side in [current, desired] {
            let orders = try #require(scope.apply(to: side.comparable()).tables.first { $0.name == "orders" })
            #expect(Set(orders.indexes.map(\.name)) == ["orders_total_idx", "orders_note_key", "orders_recent_idx", "orders_customer_idx"])
        }
    }

    /// The shop with its foreign keys named, as PostgreSQL names them.
    static func namedShop() -> Schema {
        var schema = shop()
        for table in schema.tables.indices {
            for key in schema.tables[table].foreignKeys.indices {
                schema.tables[table].foreignKeys[key].name = "\(schema.tables[table].name)_\(schema.tables[table].foreignKeys[key].columns[0])_fkey"
            }
        }
        return schema
    }

    @Test func aForeignKeyThePlanCannotTouchIsLeftOutAndItsTableWithIt() throws {
        let current = Self.namedShop()
        var desired = current
        desired.tables[4].columns.append(Schema.Column(name: "note", type: "text", nullable: true))
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let scope = ProofScope(current: current, desired: desired, plan: plan)
        // order_lines changes, but neither of its keys can be touched: nothing else is built.
        #expect(scope.names == ["order_lines"])
        #expect(scope.stubs.isEmpty)
        #expect(scope.quietKeys["order_lines"]?.compactMap(\.name).sorted() == ["order_lines_order_id_fkey", "order_lines_product_id_fkey"])
        for side in [current, desired] {
            let kept = scope.apply(to: side.comparable())
            #expect(kept.tables.map(\.name) == ["order_lines"])
            #expect(kept.tables[0].foreignKeys.isEmpty)
        }
    }

    @Test func aForeignKeyOverAChangingColumnOrToAChangingKeyIsKept() throws {
        // Its own column retyped: the plan's ALTER must get past the key, so the key and its table's key are built.
        var retyped = Self.namedShop()
        retyped.tables[4].columns[1].type = "integer"
        var plan = try SchemaDiffer(allowDataLoss: true).diff(from: Self.namedShop(), to: retyped)
        var scope = ProofScope(current: Self.namedShop(), desired: retyped, plan: plan)
        #expect(scope.quietKeys["order_lines"]?.compactMap(\.name) == ["order_lines_product_id_fkey"])
        #expect(scope.stubs == ["orders": [["id"]]])
        // The key it references gets a second column: kept, with the table whole (it is reached).
        var rekeyed = Self.namedShop()
        rekeyed.tables[3].uniques = []
        plan = try SchemaDiffer(allowDataLoss: true).diff(from: Self.namedShop(), to: rekeyed)
        scope = ProofScope(current: Self.namedShop(), desired: rekeyed, plan: plan)
        #expect(scope.names.contains("products"))
        // products' unique key goes, its primary key stays: the key referencing products.id is
        // still left out only if every key of products stays, which it does not.
        #expect(scope.quietKeys["order_lines"]?.contains { $0.name == "order_lines_product_id_fkey" } != true)
        // A key named by the plan is kept.
        var renamed = Self.namedShop()
        renamed.tables[4].foreignKeys[0].onDelete = "CASCADE"
        plan = try SchemaDiffer().diff(from: Self.namedShop(), to: renamed)
        scope = ProofScope(current: Self.namedShop(), desired: renamed, plan: plan)
        #expect(scope.quietKeys["order_lines"]?.compactMap(\.name) == ["order_lines_product_id_fkey"])
    }

    @Test func aSequenceNamedOnlyInADefaultIsKeptWithItsTable() throws {
        var current = Self.shop()
        current.sequences = [
            Schema.Sequence(schema: "billing", name: "ref_seq", type: "bigint"), Schema.Sequence(schema: "public", name: "Other Seq", type: "bigint"),
            Schema.Sequence(schema: "public", name: "unused_seq", type: "bigint"),
        ]
        current.tables[1].columns[2].defaultExpression = "('r'::text || nextval('billing.ref_seq'::regclass)) || nextval('\"Other Seq\"'::regclass)"
        var desired = current
        desired.tables[1].columns.append(Schema.Column(name: "note", type: "text", nullable: true))
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let names = ProofScope(current: current, desired: desired, plan: plan).names
        #expect(names.isSuperset(of: ["customers", "ref_seq", "Other Seq"]), "\(names)")
        #expect(!names.contains("unused_seq"))
    }

    @Test func aTableNameTwoSchemasShareKeepsItsForeignKeys() throws {
        var current = Self.namedShop()
        current.schemas = ["public", "archive"]
        var archived = current.tables[3]
        archived.schema = "archive"
        current.tables.append(archived)
        var desired = current
        desired.tables[4].columns.append(Schema.Column(name: "note", type: "text", nullable: true))
        let plan = try SchemaDiffer().diff(from: current, to: desired)
        let scope = ProofScope(current: current, desired: desired, plan: plan)
        // order_lines references products, a name two tables have: that key is kept; the one to orders is not.
        #expect(scope.quietKeys["order_lines"]?.compactMap(\.name) == ["order_lines_order_id_fkey"])
        #expect(scope.names.contains("products") || scope.stubs["products"] != nil)
    }
}
