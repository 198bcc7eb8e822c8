import Testing

@testable import StrataCore

/// Which views a PostgreSQL plan drops and makes again: only those a change reaches.
@Suite struct PostgresViewPlanTests {
    typealias Schema = DatabaseSchema

    /// The views the plan from the shop (and `views`) to `change` of it drops, and those it makes, by name.
    static func plan(_ change: (inout Schema) -> Void, views: [Schema.View] = []) throws -> (dropped: Set<String>, made: Set<String>) {
        var current = ProofScopeTests.shop()
        current.views += views
        var desired = current
        change(&desired)
        let plan = try SchemaDiffer(allowDataLoss: true).diff(from: current, to: desired)
        func named(_ prefix: String) -> Set<String> {
            Set(plan.up.filter { $0.summary.hasPrefix(prefix) }.map { String($0.summary.split(separator: ".").last ?? "") })
        }
        return (named("drop view"), named("create view"))
    }

    /// The views the plan drops and makes again.
    static func remade(_ change: (inout Schema) -> Void) throws -> Set<String> {
        let (dropped, made) = try plan(change)
        #expect(dropped == made, "each view dropped is made again")
        return dropped
    }

    @Test func aTableThatOnlyGainsAColumnKeepsItsViews() throws {
        let remade = try Self.remade { $0.tables[2].columns.append(Schema.Column(name: "paid", type: "boolean", nullable: true)) }
        #expect(remade.isEmpty)
    }

    @Test func aRetypedColumnRemakesTheViewsThatNameItAndTheViewsOverThem() throws {
        let remade = try Self.remade { $0.tables[2].columns[2].type = "bigint" }
        #expect(remade == ["order_totals", "big_orders"])
    }

    @Test func aDroppedColumnDropsOnlyTheViewsThatNameIt() throws {
        let (dropped, made) = try Self.plan { schema in
            schema.tables[2].columns.removeAll { $0.name == "note" }
            schema.views.removeAll { $0.name == "order_notes" }
        }
        #expect(dropped == ["order_notes"] && made.isEmpty)
    }

    @Test func aViewOfTheWholeRowIsRemadeWhenAColumnGoes() throws {
        let rows = Schema.View(schema: "public", name: "order_rows", materialized: false, definition: " SELECT row_to_json(o.*) AS j FROM orders o;")
        let (dropped, made) = try Self.plan(
            { schema in
                schema.tables[2].columns.removeAll { $0.name == "total" }
                schema.views.removeAll { $0.name == "order_totals" || $0.name == "big_orders" }
            }, views: [rows])
        #expect(dropped == ["order_totals", "big_orders", "order_rows"])
        #expect(made == ["order_rows"])
    }
}
