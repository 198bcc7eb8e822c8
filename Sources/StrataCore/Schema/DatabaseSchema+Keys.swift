extension DatabaseSchema.Table {
    /// Whether `columns` (in any order) are a key of the table: its primary key, a unique
    /// constraint, or a unique index over them alone without a predicate.
    package func isUniqueKey(_ columns: Set<String>) -> Bool {
        Set(primaryKey?.columns ?? []) == columns || uniques.contains { Set($0.columns) == columns }
            || indexes.contains { $0.unique && $0.predicate == nil && Set($0.columns) == columns }
    }
}
