package import StrataCore

extension TransferPlan {
    /// Rows only, into the tables the application's own migrations made (uuid keys, jsonb, inet,
    /// timestamptz, its own names): tables and columns matched by name, case- and
    /// quote-insensitively, or through `map` (`old=new`, `table.old=new`); each value converted to
    /// its target column's type, the identities moved past the largest key. What does not match
    /// is refused before anything is written.
    package static func dataOnly(
        source: DatabaseSchema, profiles: [String: TableProfile], target: DatabaseSchema, map: [String: String], unfit: UnfitValuePolicy = .widen
    ) throws -> TransferPlan {
        let renamed = Dictionary(map.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        // One table per name, the public schema's first when several schemas have it.
        var targets: [String: DatabaseSchema.Table] = [:]
        for table in target.tables.sorted(by: { ($0.schema == "public" ? 0 : 1) < ($1.schema == "public" ? 0 : 1) }) where targets[table.name.lowercased()] == nil {
            targets[table.name.lowercased()] = table
        }
        let order = foreignKeyOrder(target.tables).map { $0.name.lowercased() }
        var problems: [String] = []
        var pairs: [(DatabaseSchema.Table, DatabaseSchema.Table)] = []
        for table in source.tables {
            let wanted = renamed[table.name.lowercased()] ?? table.name
            guard let found = targets[wanted.lowercased()] else {
                problems.append("table \(table.name) has no table \(wanted) in the target")
                continue
            }
            pairs.append((table, found))
        }
        pairs.sort { (order.firstIndex(of: $0.1.name.lowercased()) ?? 0) < (order.firstIndex(of: $1.1.name.lowercased()) ?? 0) }
        var tables: [TransferTablePlan] = []
        var steps: [TransferStep] = []
        for (table, found) in pairs {
            var mappings: [ColumnMapping] = []
            var fed: Set<String> = []
            for column in table.columns where column.generated == nil {
                let wanted = renamed["\(table.name).\(column.name)".lowercased()] ?? column.name
                guard let destination = found.columns.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
                    problems.append("column \(table.name).\(column.name) has no column \(wanted) in \(found.name)")
                    continue
                }
                fed.insert(destination.name)
                mappings.append(TransferTypeMapping.target(column: column.name, declared: column.type, destination: destination))
            }
            for column in found.columns where !fed.contains(column.name) && !column.nullable && column.defaultExpression == nil && column.identity == nil {
                problems.append("column \(found.name).\(column.name) is NOT NULL without a default, and nothing in \(table.name) fills it")
            }
            let profile = profiles[table.name]?.columns ?? [:]
            let rows = profile.values.map { $0.values + $0.nulls }.max() ?? 0
            tables.append(TransferTablePlan(name: table.name, rows: rows, columns: mappings, create: "", target: found.name))
            for column in found.columns where column.identity != nil || (column.defaultExpression ?? "").contains("nextval(") {
                steps.append(identityStep(table: table.name, column: column.name, on: found.name))
            }
        }
        guard problems.isEmpty else {
            throw StrataError(
                .validation, "the target's tables do not match the source's", state: "nothing was transferred",
                nextStep: "create the tables with the application's migrations first, and name renamed tables and columns in the transfer's map (old=new, table.old=new)",
                problems: problems.map { Advice($0) })
        }
        var plan = TransferPlan(tables: tables, steps: steps, unfit: unfit)
        plan.mode = .dataOnly
        return plan
    }
}

extension TransferTypeMapping {
    /// How a SQLite column's values go into an existing PostgreSQL column of the application's
    /// own type: text becomes uuid, jsonb, inet, timestamptz, date or an enum there, 0/1 boolean.
    package static func target(column: String, declared: String, destination: DatabaseSchema.Column) -> ColumnMapping {
        let type = destination.type.lowercased()
        let base = type.split(separator: "(").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? type
        let (postgresType, encoding): (String, ColumnMapping.Encoding) =
            switch base {
            case "bigint", "integer", "smallint": ("bigint", .integer)
            case "boolean": ("boolean", .boolean)
            case "double precision", "real": ("double precision", .double)
            case "numeric", "decimal": ("numeric", .numeric)
            case "text", "character varying", "character", "varchar", "char", "citext", "name": ("text", .anyAsText)
            case "bytea": ("bytea", .bytes)
            case "timestamp with time zone", "timestamp without time zone", "timestamptz", "timestamp": ("timestamptz", .parsedText)
            case "date": ("date", .parsedText)
            case "jsonb", "json": ("jsonb", .parsedText)
            case "uuid": ("uuid", .parsedText)
            case "inet", "cidr": ("inet", .parsedText)
            default: (destination.type, .text)
            }
        var mapping = ColumnMapping(
            column: column, declared: declared, postgresType: postgresType, encoding: encoding,
            reason: "into \(destination.name) \(destination.type), as the target defines it", widened: nil)
        if destination.name != column { mapping.target = destination.name }
        return mapping
    }
}
