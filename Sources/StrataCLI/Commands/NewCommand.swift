import ArgumentParser
import Foundation
import Strata

/// `strata new NAME`: a migration file from the template, versioned by the UTC time.
struct NewCommand: StrataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create migrations/<UTC timestamp>_<name>.sql from a template.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What the migration does, e.g. add_users_timezone.")
    var name: String

    @Flag(help: "Run the migration outside a transaction (for CREATE INDEX CONCURRENTLY, VACUUM…).")
    var noTransaction = false

    func validate() throws {
        if MigrationFiles.slug(name).isEmpty { throw ValidationError("The name needs at least one letter or digit.") }
    }

    func execute(_ context: CommandContext) async throws -> Int32 {
        let settings = try context.settings()
        let path = try MigrationFiles.create(
            directory: settings.migrationsDirectory, name: name,
            body: MigrationFiles.template(transactional: !noTransaction))
        try context.emit(Created(file: path))
        return 0
    }

    /// What `new` prints.
    struct Created: CommandOutput, Encodable {
        let file: String

        func write(to text: inout CommandText) {
            text.line("Created \(file)")
        }
    }
}

/// Writing new migration files.
enum MigrationFiles {
    /// `Add Users TZ!` → `add_users_tz`.
    static func slug(_ name: String) -> String {
        let lowered = name.lowercased().map { character -> Character in
            character.isLetter || character.isNumber ? character : "_"
        }
        return String(lowered).split(separator: "_").joined(separator: "_")
    }

    static func template(transactional: Bool) -> String {
        let option = transactional ? "" : " transaction=false"
        return """
            -- strata:up\(option)
            -- The change. Each statement ends with ';'.\(transactional ? " It runs in one transaction with its history row." : "\n-- transaction=false: each statement commits on its own (CREATE INDEX CONCURRENTLY, VACUUM…).")


            -- strata:down\(option)
            -- The exact undo of the change above, for `strata rollback`.


            """
    }

    /// Creates `<directory>/<UTC timestamp>_<slug>.sql`; a later second is taken when the version
    /// is in use, and one after the newest file's timestamp when that is ahead of this clock (a
    /// teammate's clock, a version picked by hand): a new file always sorts last.
    static func create(directory: String, name: String, body: String, date: Date = Date()) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StrataError(
                .io, "cannot create the migrations directory \(directory): \(error.localizedDescription)",
                state: "nothing was created", nextStep: "check the path and its permissions")
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var seconds = Int(date.timeIntervalSince1970)
        if let newest = existing.compactMap(timestampSeconds).max(), newest >= seconds { seconds = newest + 1 }
        var version = versionText(seconds)
        while existing.contains(where: { $0.hasPrefix(version) }) {
            seconds += 1
            version = versionText(seconds)
        }
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + "\(version)_\(slug(name)).sql"
        guard FileManager.default.createFile(atPath: path, contents: Data(body.utf8)) else {
            throw StrataError(.io, "cannot write \(path)", state: "nothing was created", nextStep: "check the directory's permissions")
        }
        return path
    }

    /// The UTC time of a file named `YYYYMMDDHHMMSS_…`, in seconds since 1970; nil for other names.
    static func timestampSeconds(_ file: String) -> Int? {
        let digits = file.prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 14, file.dropFirst(14).first == "_" else { return nil }
        let number = digits.map { Int(String($0))! }
        func field(_ from: Int, _ count: Int) -> Int { number[from..<(from + count)].reduce(0) { $0 * 10 + $1 } }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(
            year: field(0, 4), month: field(4, 2), day: field(6, 2), hour: field(8, 2), minute: field(10, 2), second: field(12, 2))
        return calendar.date(from: components).map { Int($0.timeIntervalSince1970) }
    }

    /// `YYYYMMDDHHMMSS` in UTC.
    static func versionText(_ seconds: Int) -> String {
        MigrationVersion.timestamp(seconds: seconds)
    }
}
