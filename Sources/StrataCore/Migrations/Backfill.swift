/// A batched backfill: the up section of a migration marked
/// `-- strata:up backfill table=orders key=id batch=5000`, one statement run over the table's key
/// range in batches, each in its own transaction with its checkpoint. The statement names the
/// batch's first and last key (both included) as `:batch_first` and `:batch_last`:
///
///     UPDATE orders SET total_cents = price_cents * quantity
///     WHERE id BETWEEN :batch_first AND :batch_last;
package struct Backfill: Sendable, Hashable {
    /// The table whose key orders the batches, `schema.table` or `table`.
    package var table: String
    /// A column whose values are unique and not null (the primary key, usually).
    package var key: String
    /// Keys per batch to begin with.
    package var batch: Int
    /// A pause between batches.
    package var sleep: Duration = .zero
    /// When set, the batch size changes after each batch toward this duration (halved at most,
    /// doubled at most).
    package var batchTime: Duration?
    /// PostgreSQL: wait before a batch while a standby has more than this many bytes of WAL
    /// still to replay.
    package var maxLagBytes: Int64?

    package static let first = ":batch_first"
    package static let last = ":batch_last"

    package init(table: String, key: String, batch: Int) {
        self.table = table
        self.key = key
        self.batch = batch
    }

    /// The options of a `backfill` marker (`table=orders`, `key=id`, …); nil when `options` has
    /// no `backfill`. Throws a message naming what is wrong.
    static func read(_ options: [String]) throws(BackfillOptionError) -> Backfill? {
        guard options.contains(where: { $0.lowercased() == "backfill" }) else {
            if let stray = options.first(where: { $0.contains("=") && !$0.lowercased().hasPrefix("transaction") }) {
                throw BackfillOptionError(message: "option '\(stray)' without 'backfill'", nextStep: "mark the section '-- strata:up backfill table=… key=…'")
            }
            return nil
        }
        var values: [String: String] = [:]
        for option in options where option.contains("=") {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            values[parts[0].lowercased()] = parts.count > 1 ? parts[1] : ""
        }
        let known: Set<String> = ["table", "key", "batch", "sleep", "batch_time", "max_lag"]
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) && !$0.hasPrefix("transaction") }) {
            throw BackfillOptionError(message: "unknown backfill option '\(unknown)'", nextStep: "use \(known.sorted().map { "\($0)=…" }.joined(separator: ", "))")
        }
        guard let table = values["table"], !table.isEmpty, let key = values["key"], !key.isEmpty else {
            throw BackfillOptionError(message: "a backfill needs table=… and key=…", nextStep: "name the table and its key column: backfill table=orders key=id")
        }
        guard !key.contains(",") else {
            throw BackfillOptionError(message: "key=\(key): a backfill walks one key column", nextStep: "name one unique, non-null column (add one if the key is composite)")
        }
        var backfill = Backfill(table: table, key: key, batch: 1000)
        if let text = values["batch"] {
            guard let batch = Int(text), batch > 0 else {
                throw BackfillOptionError(message: "batch=\(text) is not a positive number of rows", nextStep: "give batch=1000, for example")
            }
            backfill.batch = batch
        }
        if let text = values["sleep"] { backfill.sleep = try duration(text, "sleep") }
        if let text = values["batch_time"] { backfill.batchTime = try duration(text, "batch_time") }
        if let text = values["max_lag"] {
            guard let bytes = SettingValue.bytes(text) else {
                throw BackfillOptionError(message: "max_lag=\(text) is not a size", nextStep: "give max_lag=16MB, for example")
            }
            backfill.maxLagBytes = bytes
        }
        return backfill
    }

    private static func duration(_ text: String, _ name: String) throws(BackfillOptionError) -> Duration {
        guard let duration = SettingValue.duration(text) else {
            throw BackfillOptionError(message: "\(name)=\(text) is not a duration", nextStep: "give \(name)=200ms or \(name)=2s, for example")
        }
        return duration
    }
}

struct BackfillOptionError: Error {
    var message: String
    var nextStep: String
}
