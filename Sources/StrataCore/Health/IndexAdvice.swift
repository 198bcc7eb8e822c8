/// Index findings read from the schema alone: foreign keys no index serves (deleting or
/// updating a parent row then scans the whole child table, under lock), and indexes another
/// index makes unnecessary (the same columns again, or a leading part of another's). A primary
/// key or unique constraint is never proposed for removal: it enforces something.
package enum IndexAdvice {
    package struct Finding: Sendable, Hashable {
        package enum Kind: Sendable, Hashable {
            case foreignKeyWithoutIndex, duplicate, redundant
        }

        package var kind: Kind
        package var table: String
        /// The key's columns (`orders (user_id)`) or the index's name.
        package var object: String
        /// For an index, the one that serves instead (an index name, or `primary key (id)`).
        package var coveredBy: String?
        /// The columns involved.
        package var columns: [String]
    }

    /// An index's shape, for comparison: constraints' backing indexes included.
    struct Shape {
        var name: String
        var columns: [String]
        var unique: Bool
        var method: String
        var predicate: String?
        /// A primary key or unique constraint rather than a plain index.
        var constraint: Bool
        /// Columns only: no operator class, collation, sort order or INCLUDE.
        var plain = true
    }

    /// Whether a `CREATE INDEX` statement's column list holds column names only.
    static func isPlain(_ definition: String) -> Bool {
        let upper = definition.uppercased()
        return ![" COLLATE ", "_OPS", " DESC", " NULLS ", " INCLUDE "].contains { upper.contains($0) }
    }

    /// A column as PostgreSQL prints it in an index (`"userId"`), as the catalog names it (`userId`).
    static func unquoted(_ column: String) -> String {
        guard column.count >= 2, column.hasPrefix("\""), column.hasSuffix("\"") else { return column }
        return String(column.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// - Parameters:
    ///   - invalid: indexes (`schema.name`) a failed build left invalid: they serve nothing.
    ///   - definitions: each index's own `CREATE INDEX`, when known: an index with an operator
    ///     class, a collation, a sort order or INCLUDE columns is never called a duplicate of one
    ///     without, nor made redundant by it.
    package static func findings(_ schema: DatabaseSchema, invalid: Set<String> = [], definitions: [String: String] = [:]) -> [Finding] {
        var findings: [Finding] = []
        for table in schema.tables {
            let qualify = { (index: String) in table.schema.map { "\($0).\(index)" } ?? index }
            let shapes = Self.shapes(table).filter { !invalid.contains(qualify($0.name)) }.map { shape in
                var shape = shape
                shape.plain = shape.constraint || definitions[qualify(shape.name)].map(isPlain) ?? true
                return shape
            }
            let name = table.schema.map { "\($0).\(table.name)" } ?? table.name
            for key in table.foreignKeys where !key.columns.isEmpty {
                let wanted = Set(key.columns)
                let served = shapes.contains { shape in
                    shape.predicate == nil && shape.method == "btree" && shape.columns.count >= wanted.count
                        && Set(shape.columns.prefix(wanted.count)) == wanted
                }
                if !served {
                    findings.append(
                        Finding(
                            kind: .foreignKeyWithoutIndex, table: name, object: "\(name) (\(key.columns.joined(separator: ", "))) → \(key.referencedTable)",
                            columns: key.columns))
                }
            }
            for index in shapes where !index.constraint && index.plain {
                // Indexes live in their table's schema.
                let object = table.schema.map { "\($0).\(index.name)" } ?? index.name
                if let other = shapes.first(where: { $0.plain && isDuplicate(index, of: $0) }) {
                    findings.append(Finding(kind: .duplicate, table: name, object: object, coveredBy: label(other), columns: index.columns))
                } else if let other = shapes.first(where: { $0.plain && isPrefix(index, of: $0) }) {
                    findings.append(Finding(kind: .redundant, table: name, object: object, coveredBy: label(other), columns: index.columns))
                }
            }
        }
        return findings
    }

    static func shapes(_ table: DatabaseSchema.Table) -> [Shape] {
        var shapes: [Shape] = []
        if let key = table.primaryKey {
            shapes.append(Shape(name: key.name ?? "primary key", columns: key.columns, unique: true, method: "btree", predicate: nil, constraint: true))
        }
        for unique in table.uniques {
            shapes.append(Shape(name: unique.name ?? "unique", columns: unique.columns, unique: true, method: "btree", predicate: nil, constraint: true))
        }
        for index in table.indexes {
            shapes.append(
                Shape(
                    name: index.name, columns: index.columns.map(unquoted), unique: index.unique, method: index.method?.lowercased() ?? "btree",
                    predicate: index.predicate, constraint: false))
        }
        return shapes
    }

    /// The same columns, method and predicate as `other`, which enforces at least as much; of
    /// two plain twins, the one whose name sorts last is the duplicate.
    static func isDuplicate(_ index: Shape, of other: Shape) -> Bool {
        guard other.name != index.name, other.columns == index.columns, other.method == index.method, other.predicate == index.predicate else { return false }
        if other.constraint || (other.unique && !index.unique) { return true }
        return other.unique == index.unique && other.name < index.name
    }

    /// A non-unique btree whose columns lead another btree with the same predicate.
    static func isPrefix(_ index: Shape, of other: Shape) -> Bool {
        guard !index.unique, index.method == "btree", other.method == "btree", other.predicate == index.predicate,
            other.columns.count > index.columns.count
        else { return false }
        return Array(other.columns.prefix(index.columns.count)) == index.columns
    }

    static func label(_ shape: Shape) -> String {
        shape.constraint ? "\(shape.name) (\(shape.columns.joined(separator: ", ")))" : shape.name
    }
}
