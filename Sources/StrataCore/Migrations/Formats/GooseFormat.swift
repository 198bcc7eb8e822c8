import Foundation

/// goose's format: `-- +goose Up` / `-- +goose Down`, `-- +goose NO TRANSACTION` for the whole
/// file, and `-- +goose StatementBegin` / `StatementEnd` around a statement kept whole.
enum GooseFormat {
    static let prefix = "+goose"

    private struct Section {
        var name: String
        var markerIndex: Int
        var chunks: [SQLScript.Chunk] = []
    }

    static func parse(_ lines: FileLines) throws -> ParsedMigrationFile {
        var transactional = true
        var sections: [Section] = []
        var blockStart: Int?
        var chunkStart: Int?

        func closeChunk(at end: Int, keepWhole: Bool) {
            guard let start = chunkStart, !sections.isEmpty else { return }
            if start < end {
                sections[sections.count - 1].chunks.append(
                    SQLScript.Chunk(text: lines.text(start..<end), firstLine: start + 1, keepWhole: keepWhole))
            }
            chunkStart = nil
        }

        for index in lines.indices {
            guard let rest = lines.marker(at: index, prefix: prefix) else { continue }
            let annotation = rest.trimmingCharacters(in: .whitespaces).lowercased()
            switch annotation {
            case "up", "down":
                if let blockStart {
                    throw lines.error(
                        "-- +goose \(annotation.capitalized) inside the StatementBegin block of line \(blockStart + 1)",
                        line: index, nextStep: "close the block with -- +goose StatementEnd")
                }
                if let earlier = sections.first(where: { $0.name == annotation }) {
                    throw lines.error(
                        "second -- +goose \(annotation.capitalized) (the first is on line \(earlier.markerIndex + 1))",
                        line: index, nextStep: "keep one Up and one Down section per file")
                }
                closeChunk(at: index, keepWhole: false)
                sections.append(Section(name: annotation, markerIndex: index))
                chunkStart = index + 1
            case "no transaction":
                transactional = false
            case "statementbegin":
                guard !sections.isEmpty else {
                    throw lines.error("-- +goose StatementBegin before -- +goose Up", line: index, nextStep: "put it inside the Up or Down section")
                }
                if let blockStart {
                    throw lines.error(
                        "-- +goose StatementBegin inside the block opened on line \(blockStart + 1)", line: index,
                        nextStep: "close the first block with -- +goose StatementEnd")
                }
                closeChunk(at: index, keepWhole: false)
                blockStart = index
                chunkStart = index + 1
            case "statementend":
                guard blockStart != nil else {
                    throw lines.error("-- +goose StatementEnd without StatementBegin", line: index, nextStep: "add -- +goose StatementBegin above the statement")
                }
                closeChunk(at: index, keepWhole: true)
                blockStart = nil
                chunkStart = index + 1
            default:
                throw lines.error(
                    "unsupported goose annotation '-- +goose \(rest.trimmingCharacters(in: .whitespaces))'", line: index,
                    nextStep: "Strata reads Up, Down, NO TRANSACTION, StatementBegin and StatementEnd; remove the others (ENVSUB is not supported)")
            }
        }
        if let blockStart {
            throw lines.error("-- +goose StatementBegin is never closed", line: blockStart, nextStep: "add -- +goose StatementEnd after the statement")
        }
        closeChunk(at: lines.count, keepWhole: false)
        guard let up = sections.first(where: { $0.name == "up" }) else {
            throw lines.error("no -- +goose Up section", line: sections.first?.markerIndex ?? 0, nextStep: "start the migration with '-- +goose Up'")
        }
        try lines.requireNothingBefore(sections[0].markerIndex, markerExample: "-- +goose Up")
        var parsed = ParsedMigrationFile()
        parsed.up = SQLScript(file: lines.file, chunks: up.chunks, transactional: transactional)
        if let down = sections.first(where: { $0.name == "down" }) {
            parsed.down = SQLScript(file: lines.file, chunks: down.chunks, transactional: transactional)
        }
        return parsed
    }
}
