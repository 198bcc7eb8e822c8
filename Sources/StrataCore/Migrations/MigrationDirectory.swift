/// Reads every migration in a directory, whatever format each file is in.
///
/// Recognized: Strata's native files, dbmate files, goose files (`<version>_<name>.sql`, told
/// apart by their markers); golang-migrate and diesel pairs (`<version>_<name>.up.sql` +
/// `.down.sql`, also `V<version>.<name>.up.sql`, or a `<version>_<name>/` folder with `up.sql` and
/// `down.sql`); Prisma folders (`<timestamp>_<name>/migration.sql`, and `down.sql` if kept); Flyway
/// (`V<version>__<name>.sql`, `U<version>__<name>.sql`, `R__<name>.sql`); native repeatable files
/// (`<name>.sql` with `-- strata:repeatable`). Other files are ignored, hidden ones too.
package enum MigrationDirectory {
    /// Loads and checks the directory; every problem found is reported at once.
    /// - Parameter placeholders: values for `${name}` in the files (see `Placeholders`).
    /// - Throws: `StrataError.Code.migrationSource` listing each problem with file and line; nothing
    ///   is returned, so nothing can run, when any file is malformed.
    package static func load(_ directory: String, placeholders: Placeholders = Placeholders()) throws -> [Migration] {
        guard FileSystem.kind(directory) == .directory else {
            throw StrataError(
                .migrationSource, "migrations directory '\(directory)' does not exist",
                state: "nothing was run",
                nextStep: "create it with `\(Remedy.createProject)`, or point \(Remedy.migrationsDirectorySetting) at it")
        }
        let entries: [(name: String, kind: FileSystem.Kind)]
        do {
            entries = try FileSystem.entries(directory)
        } catch {
            throw StrataError(
                .migrationSource, "migrations directory '\(directory)' cannot be read (\(error.reason))",
                state: "nothing was run", nextStep: "check its permissions")
        }
        var collector = Collector(directory: directory, placeholders: placeholders)
        for entry in entries where !entry.name.hasPrefix(".") {
            collector.consider(entry.name, kind: entry.kind)
        }
        return try collector.finish()
    }
}

private struct Collector {
    let directory: String
    let placeholders: Placeholders
    var migrations: [Migration] = []
    var problems: [StrataError] = []
    /// golang-migrate halves waiting for their partner, keyed by file stem.
    var pairs: [String: (version: MigrationVersion, description: String, up: String?, down: String?)] = [:]
    var flywayUndo: [MigrationVersion: String] = [:]

    init(directory: String, placeholders: Placeholders) {
        self.directory = directory
        self.placeholders = placeholders
    }

    /// The file's text as it runs: placeholders filled (the checksum keeps the text as written).
    func filled(_ text: String, file: String, format: MigrationFormat) throws -> String {
        try placeholders.fill(text, file: file, format: format)
    }

    func path(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    mutating func consider(_ name: String, kind: FileSystem.Kind) {
        do {
            try read(name, kind: kind)
        } catch let error as StrataError {
            problems.append(error)
        } catch {
            problems.append(StrataError(.migrationSource, "\(path(name)): \(error)"))
        }
    }

    mutating func read(_ name: String, kind: FileSystem.Kind) throws {
        let fullPath = path(name)
        if kind == .directory {
            try readFolder(name)
            return
        }
        guard name.hasSuffix(".sql") else { return }
        let stem = String(name.dropLast(4))
        if let flyway = FlywayName(stem) {
            try readFlyway(flyway, name: name)
        } else if stem.hasSuffix(".up") || stem.hasSuffix(".down") {
            try readPairHalf(stem, name: name)
        } else if let (version, description) = MigrationFileName.split(stem) {
            let text = try MigrationFileReader.read(fullPath)
            let (parsed, format) = try MarkerDetection.parse(FileLines(file: fullPath, text: try filled(text, file: fullPath, format: .native)))
            try add(parsed, version: version, description: description, format: format, file: fullPath, texts: [text])
        } else {
            let text = try MigrationFileReader.read(fullPath)
            let lines = FileLines(file: fullPath, text: try filled(text, file: fullPath, format: .native))
            guard lines.indices.contains(where: { lines.marker(at: $0, prefix: "strata:repeatable") != nil }) else {
                throw MigrationFileReader.problem(
                    fullPath, "has no version in its name",
                    next: "name it <version>_<description>.sql (see `\(Remedy.newMigration)`), or mark it -- strata:repeatable")
            }
            let parsed = try MarkerFormat.parse(lines, syntax: .native, versionedName: false)
            try add(parsed, version: nil, description: stem, format: .native, file: fullPath, texts: [text])
        }
    }

    mutating func readFlyway(_ flyway: FlywayName, name: String) throws {
        let fullPath = path(name)
        let text = try MigrationFileReader.read(fullPath)
        let script = SQLScript(file: fullPath, text: try filled(text, file: fullPath, format: .flyway))
        switch flyway.prefix {
        case "V":
            try add(ParsedMigrationFile(up: script), version: flyway.version, description: flyway.description, format: .flyway, file: fullPath, texts: [text])
        case "U":
            guard let version = flyway.version else { return }
            flywayUndo[version] = fullPath
        default:
            try add(ParsedMigrationFile(up: script, repeatable: true), version: nil, description: flyway.description, format: .flyway, file: fullPath, texts: [text])
        }
    }

    mutating func readPairHalf(_ stem: String, name: String) throws {
        let isUp = stem.hasSuffix(".up")
        let base = String(stem.dropLast(isUp ? 3 : 5))
        guard let (version, description) = MigrationFileName.splitPair(base) else {
            throw MigrationFileReader.problem(
                path(name), "has no version in its name",
                next: "name it <version>_<description>.\(isUp ? "up" : "down").sql (or V<version>.<description>.\(isUp ? "up" : "down").sql)")
        }
        var entry = pairs[base] ?? (version, description, nil, nil)
        if isUp { entry.up = path(name) } else { entry.down = path(name) }
        pairs[base] = entry
    }

    mutating func readFolder(_ name: String) throws {
        guard let (version, description) = MigrationFileName.split(name) else { return }
        let folder = path(name)
        let upPath = folder + "/up.sql"
        let prismaPath = folder + "/migration.sql"
        let downPath = folder + "/down.sql"
        if FileSystem.kind(upPath) != .file, FileSystem.kind(prismaPath) == .file {
            // Prisma's down, where a project keeps one, is a down.sql beside migration.sql
            // (written by `prisma migrate diff`).
            let text = try MigrationFileReader.read(prismaPath)
            let downText = FileSystem.kind(downPath) == .file ? try MigrationFileReader.read(downPath) : nil
            let parsed = ParsedMigrationFile(
                up: SQLScript(file: prismaPath, text: try filled(text, file: prismaPath, format: .prisma)),
                down: try downText.map { SQLScript(file: downPath, text: try filled($0, file: downPath, format: .prisma)) })
            try add(parsed, version: version, description: description, format: .prisma, file: folder, texts: [text] + (downText.map { [$0] } ?? []))
            return
        }
        guard FileSystem.kind(upPath) == .file else {
            throw MigrationFileReader.problem(
                folder, "has no up.sql", next: "add up.sql (and down.sql) to the folder (or migration.sql, as Prisma writes it), or move the folder out of the migrations directory")
        }
        try addPair(
            version: version, description: description, up: upPath,
            down: FileSystem.kind(downPath) == .file ? downPath : nil, file: folder)
    }

    mutating func addPair(version: MigrationVersion, description: String, up: String, down: String?, file: String) throws {
        let upText = try MigrationFileReader.read(up)
        let downText = try down.map(MigrationFileReader.read)
        var downScript: SQLScript?
        if let down, let downText { downScript = SQLScript(file: down, text: try filled(downText, file: down, format: .pair)) }
        let parsed = ParsedMigrationFile(up: SQLScript(file: up, text: try filled(upText, file: up, format: .pair)), down: downScript)
        try add(parsed, version: version, description: description, format: .pair, file: file, texts: [upText] + (downText.map { [$0] } ?? []))
    }

    mutating func add(_ parsed: ParsedMigrationFile, version: MigrationVersion?, description: String, format: MigrationFormat, file: String, texts: [String]) throws {
        guard let up = parsed.up else { return }
        migrations.append(
            Migration(
                version: parsed.repeatable ? nil : version, description: description,
                kind: parsed.repeatable ? .repeatable : .versioned, format: format,
                up: .sql(up), down: parsed.down.map { .sql($0) }, checksum: Checksum(of: texts), file: file))
    }

    mutating func finish() throws -> [Migration] {
        for (base, entry) in pairs.sorted(by: { $0.key < $1.key }) {
            guard let up = entry.up else {
                problems.append(MigrationFileReader.problem(entry.down ?? path(base), "has no matching .up.sql file", next: "add \(base).up.sql or remove the down file"))
                continue
            }
            do {
                try addPair(version: entry.version, description: entry.description, up: up, down: entry.down, file: up)
            } catch let error as StrataError {
                problems.append(error)
            }
        }
        attachFlywayUndo()
        checkDuplicates()
        guard problems.isEmpty else {
            var error =
                problems.count == 1
                ? problems[0]
                : StrataError(
                    .migrationSource, "\(problems.count) problems in \(directory)", state: "nothing was run",
                    nextStep: "fix each file listed and run the command again")
            if problems.count > 1 {
                error.problems = problems.map { problem in "\(problem.summary)\(problem.nextStep.map { " (\($0))" as Advice } ?? "")" }
            }
            throw error
        }
        return MigrationOrdering.sorted(migrations)
    }

    mutating func attachFlywayUndo() {
        for (version, undoPath) in flywayUndo.sorted(by: { $0.key < $1.key }) {
            guard let index = migrations.firstIndex(where: { $0.format == .flyway && $0.version == version }) else {
                problems.append(MigrationFileReader.problem(undoPath, "is an undo migration without a V\(version)__ file", next: "add the versioned migration or remove the undo file"))
                continue
            }
            do {
                let text = try MigrationFileReader.read(undoPath)
                migrations[index].down = .sql(SQLScript(file: undoPath, text: try filled(text, file: undoPath, format: .flyway)))
            } catch let error as StrataError {
                problems.append(error)
            } catch {}
        }
    }

    mutating func checkDuplicates() {
        var seen: [String: String] = [:]
        for migration in migrations {
            let key = migration.version.map { "version \($0.segments.joined(separator: "."))" } ?? "repeatable \(migration.description)"
            let file = migration.file ?? migration.name
            if let other = seen[key] {
                let shown = migration.version.map { "version \($0.text)" } ?? "repeatable migration '\(migration.description)'"
                problems.append(
                    StrataError(
                        .migrationSource, "\(file): duplicate \(shown), also in \(other)",
                        location: SourceLocation(file: file, line: 1, column: 1),
                        state: "nothing was run", nextStep: "give one of them a new version"))
            } else {
                seen[key] = file
            }
        }
    }
}
