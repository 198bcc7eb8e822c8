import StrataCore
/// What one SQLite column actually holds, gathered in one scan of its table. SQLite typing is
/// loose (a TEXT column may hold integers, an INTEGER column text), so the PostgreSQL type of a
/// transferred column is decided from these counts as much as from the declared type.
package struct ColumnProfile: Sendable, Hashable, Codable {
    package var nulls: Int64 = 0
    package var integers: Int64 = 0
    package var reals: Int64 = 0
    package var texts: Int64 = 0
    package var blobs: Int64 = 0
    package var minInteger: Int64?
    package var maxInteger: Int64?
    /// Integers other than 0 and 1.
    package var nonBooleanIntegers: Int64 = 0
    /// Reals that are ±Infinity (SQLite stores NaN as NULL).
    package var infinities: Int64 = 0
    /// Texts holding a NUL character, which PostgreSQL text cannot store.
    package var textsWithNUL: Int64 = 0
    /// Texts that read as a date or a timestamp (`YYYY-MM-DD[ T]HH:MM[:SS[.fff]][zone]`).
    package var timestampTexts: Int64 = 0
    /// Texts that are only a date (`YYYY-MM-DD`).
    package var dateTexts: Int64 = 0
    /// Texts that are valid JSON objects or arrays.
    package var jsonTexts: Int64 = 0
    /// Texts in the 8-4-4-4-12 hexadecimal UUID form.
    package var uuidTexts: Int64 = 0
    /// Texts that are an IPv4 or IPv6 address, with or without a /prefix.
    package var inetTexts: Int64 = 0

    package init() {}

    package var values: Int64 { integers + reals + texts + blobs }

    /// Adds what another scan of the same column (another range of its rows) found.
    package mutating func merge(_ other: ColumnProfile) {
        nulls += other.nulls
        integers += other.integers
        reals += other.reals
        texts += other.texts
        blobs += other.blobs
        minInteger = [minInteger, other.minInteger].compactMap { $0 }.min()
        maxInteger = [maxInteger, other.maxInteger].compactMap { $0 }.max()
        nonBooleanIntegers += other.nonBooleanIntegers
        infinities += other.infinities
        textsWithNUL += other.textsWithNUL
        timestampTexts += other.timestampTexts
        dateTexts += other.dateTexts
        jsonTexts += other.jsonTexts
        uuidTexts += other.uuidTexts
        inetTexts += other.inetTexts
    }

    /// Every non-NULL value is of the given storage classes.
    func only(integers: Bool = false, reals: Bool = false, texts: Bool = false, blobs: Bool = false) -> Bool {
        (integers || self.integers == 0) && (reals || self.reals == 0) && (texts || self.texts == 0) && (blobs || self.blobs == 0)
    }
}

/// What a table holds: its columns' profiles and the column that is its rowid, if any
/// (`INTEGER PRIMARY KEY` of a rowid table).
package struct TableProfile: Sendable, Hashable {
    package var columns: [String: ColumnProfile] = [:]
    package var rowidAlias: String?

    package init(columns: [String: ColumnProfile] = [:], rowidAlias: String? = nil) {
        self.columns = columns
        self.rowidAlias = rowidAlias
    }
}

/// SQLite's type affinity of a declared type (the rules of section 3.1 of SQLite's datatype page).
package enum SQLiteAffinity: String, Sendable, Hashable, Codable {
    case integer, text, blob, real, numeric

    package init(declared type: String) {
        let upper = type.uppercased()
        if upper.contains("INT") {
            self = .integer
        } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
            self = .text
        } else if upper.isEmpty || upper.contains("BLOB") {
            self = .blob
        } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
            self = .real
        } else {
            self = .numeric
        }
    }
}
