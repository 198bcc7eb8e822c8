/// The file format a migration was read from.
package enum MigrationFormat: String, Sendable, Hashable, Codable {
    case native
    case dbmate
    case goose
    /// golang-migrate or diesel: `<version>_<name>.up.sql` + `.down.sql`, or a folder with `up.sql`.
    case pair
    case flyway
    /// Prisma: a `<timestamp>_<name>/` folder with `migration.sql` (and `down.sql` where a project keeps one).
    case prisma
    case swift
}

/// One migration: a version (or none, for a repeatable one), its up body and an optional down body.
package struct Migration: Sendable, Identifiable {
    /// What a migration is.
    package enum Kind: String, Sendable, Hashable, Codable {
        /// Runs once, in version order.
        case versioned
        /// Runs after the versioned ones whenever its checksum changes (views, functions).
        case repeatable
    }

    /// The history key: the version, or `repeatable:<description>`.
    package var id: String {
        version?.text ?? "repeatable:\(description)"
    }

    package var version: MigrationVersion?
    package var description: String
    package var kind: Kind
    package var format: MigrationFormat
    package var up: MigrationBody
    package var down: MigrationBody?
    /// Nil for Swift migrations registered without one.
    package var checksum: Checksum?
    /// The file (or folder) it came from, as given; nil for Swift migrations.
    package var file: String?

    package init(
        version: MigrationVersion?, description: String, kind: Kind, format: MigrationFormat,
        up: MigrationBody, down: MigrationBody?, checksum: Checksum?, file: String?
    ) {
        self.version = version
        self.description = description
        self.kind = kind
        self.format = format
        self.up = up
        self.down = down
        self.checksum = checksum
        self.file = file
    }

    /// `<version>_<description>` or the repeatable's description: how messages name it.
    package var name: String {
        guard let version else { return description }
        return description.isEmpty ? version.text : "\(version.text)_\(description)"
    }
}

/// What a migration does in one direction.
package enum MigrationBody: Sendable {
    /// SQL from a file.
    case sql(SQLScript)
    /// Swift code registered in the library; `transactional` says whether Strata wraps it.
    case swift(transactional: Bool, run: @Sendable (any DatabaseConnection) async throws -> Void)

    /// Whether Strata runs this body inside a transaction with its history row.
    package var isTransactional: Bool {
        switch self {
        case .sql(let script): script.transactional
        case .swift(let transactional, _): transactional
        }
    }
}

/// The SQL of one section of a migration file, with where it sits in the file.
package struct SQLScript: Sendable, Hashable {
    /// A piece of the section: either text to split into statements, or a block kept whole
    /// (goose's `StatementBegin` … `StatementEnd`).
    package struct Chunk: Sendable, Hashable {
        package var text: String
        /// The 1-based line of the file where `text` starts.
        package var firstLine: Int
        package var keepWhole: Bool

        package init(text: String, firstLine: Int, keepWhole: Bool = false) {
            self.text = text
            self.firstLine = firstLine
            self.keepWhole = keepWhole
        }
    }

    package var file: String
    package var chunks: [Chunk]
    package var transactional: Bool
    /// Set when the section is a batched backfill, whose batches are each their own transaction.
    package var backfill: Backfill?

    package init(file: String, chunks: [Chunk], transactional: Bool) {
        self.file = file
        self.chunks = chunks
        self.transactional = transactional
    }

    package init(file: String, text: String, firstLine: Int = 1, transactional: Bool = true) {
        self.init(file: file, chunks: [Chunk(text: text, firstLine: firstLine)], transactional: transactional)
    }
}
