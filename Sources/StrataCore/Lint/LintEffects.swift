/// What a script's statements create and fill, as far as lint reads them: the migration's own
/// statements skip what it created, and the gate judges the scripts after it by them (a table an
/// earlier migration of the run creates has no readers yet).
struct LintEffects: Sendable {
    /// Tables created (not IF NOT EXISTS): locking and destructive rules skip them.
    var createdTables: Set<String> = []
    /// Tables created with IF NOT EXISTS: new only when they do not exist before the run.
    var createdIfMissing: Set<String> = []
    /// Indexes created, and their tables.
    var createdIndexes: [String: String] = [:]
    /// Sequences, views and types created.
    var createdObjects: Set<LintObject> = []
    /// A statement sets `search_path`: a name may mean another table than it does now.
    var changesSearchPath = false
    /// Rows the statements insert.
    var rows = LintRows()
}

/// Rows statements add to tables, by table.
struct LintRows: Sendable {
    /// Counted rows (`INSERT … VALUES` counts its rows).
    var added: [String: Int] = [:]
    /// Tables filled with an unknown number of rows (`INSERT … SELECT`, `COPY`).
    var unbounded: Set<String> = []
}
