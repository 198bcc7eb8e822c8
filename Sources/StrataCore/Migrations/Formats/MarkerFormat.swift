/// Formats whose sections start at marker comments: Strata's own (`-- strata:up`,
/// `-- strata:down`, `-- strata:repeatable`, option `transaction=false`) and dbmate's
/// (`-- migrate:up`, `-- migrate:down`, option `transaction:false`).
struct MarkerSyntax: Sendable {
    /// The comment text that introduces a marker, e.g. `strata:`.
    let prefix: String
    let sectionNames: [String]
    let transactionOff: String
    let transactionOn: String

    static let native = MarkerSyntax(
        prefix: "strata:", sectionNames: ["up", "down", "repeatable"],
        transactionOff: "transaction=false", transactionOn: "transaction=true")
    static let dbmate = MarkerSyntax(
        prefix: "migrate:", sectionNames: ["up", "down"],
        transactionOff: "transaction:false", transactionOn: "transaction:true")

    func marker(_ name: String) -> String { "-- \(prefix)\(name)" }
}

enum MarkerFormat {
    private struct Marker {
        var index: Int
        var name: String
        var transactional: Bool
        var backfill: Backfill?
    }

    /// Reads the sections of `lines`.
    /// - Parameter versionedName: whether the file name carries a version (then it can't be repeatable).
    static func parse(_ lines: FileLines, syntax: MarkerSyntax, versionedName: Bool) throws -> ParsedMigrationFile {
        let markers = try readMarkers(lines, syntax: syntax)
        let names = Set(markers.map(\.name))
        guard let first = markers.first, names.contains("up") || names.contains("repeatable") else {
            throw lines.error(
                "no \(syntax.marker("up")) section", line: markers.first?.index ?? 0,
                nextStep: "start the migration with a line '\(syntax.marker("up"))'")
        }
        try lines.requireNothingBefore(first.index, markerExample: syntax.marker("up"))
        if names.contains("repeatable") {
            if names.count > 1 {
                throw lines.error(
                    "\(syntax.marker("repeatable")) cannot be combined with up or down sections", line: first.index,
                    nextStep: "a repeatable migration has one body and no down section")
            }
            if versionedName {
                throw lines.error(
                    "a repeatable migration whose file name starts with a version", line: first.index,
                    nextStep: "drop the version from the file name (e.g. R__views.sql)")
            }
        }
        var parsed = ParsedMigrationFile()
        for (position, marker) in markers.enumerated() {
            let end = position + 1 < markers.count ? markers[position + 1].index : lines.count
            var script = SQLScript(
                file: lines.file, text: lines.text((marker.index + 1)..<end),
                firstLine: marker.index + 2, transactional: marker.transactional && marker.backfill == nil)
            script.backfill = marker.backfill
            switch marker.name {
            case "down": parsed.down = script
            case "repeatable":
                parsed.up = script
                parsed.repeatable = true
            default: parsed.up = script
            }
        }
        return parsed
    }

    private static func readMarkers(_ lines: FileLines, syntax: MarkerSyntax) throws -> [Marker] {
        var markers: [Marker] = []
        for index in lines.indices {
            guard let rest = lines.marker(at: index, prefix: syntax.prefix) else { continue }
            let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let name = words.first.map { $0.lowercased() } ?? ""
            // `-- strata:allow RULE reason` is a lint suppression inside SQL, not a section.
            if name == "allow", syntax.prefix == MarkerSyntax.native.prefix { continue }
            guard syntax.sectionNames.contains(name) else {
                throw lines.error(
                    "unknown marker '\(syntax.marker(name))'", line: index,
                    nextStep: "use \(syntax.sectionNames.map(syntax.marker).joined(separator: ", "))")
            }
            var transactional = true
            // `-- strata:up backfill table=… key=…`: a batched backfill (Backfill).
            let nativeUp = syntax.prefix == MarkerSyntax.native.prefix && name == "up"
            let backfillOptions = nativeUp ? words.dropFirst().map(String.init) : []
            let backfill: Backfill?
            do {
                backfill = try Backfill.read(backfillOptions)
            } catch {
                throw lines.error("\(error.message) on \(syntax.marker(name))", line: index, nextStep: Advice(error.nextStep))
            }
            for option in words.dropFirst() {
                switch option.lowercased() {
                case syntax.transactionOff: transactional = false
                case syntax.transactionOn: transactional = true
                case _ where backfill != nil: continue
                default:
                    throw lines.error(
                        "unknown option '\(option)' on \(syntax.marker(name))", line: index,
                        nextStep: nativeUp
                            ? "the options are \(syntax.transactionOff) and backfill table=… key=…" : "the only option is \(syntax.transactionOff)")
                }
            }
            if let earlier = markers.first(where: { $0.name == name }) {
                throw lines.error(
                    "second \(syntax.marker(name)) marker (the first is on line \(earlier.index + 1))", line: index,
                    nextStep: "keep one \(syntax.marker(name)) section per file")
            }
            markers.append(Marker(index: index, name: name, transactional: transactional, backfill: backfill))
        }
        return markers
    }
}
