/// A command's result that knows how it reads: one JSON document for `--json`, and lines of text.
///
/// Commands build one and hand it to `CommandContext.emit(_:)`, the one place where `--json` and
/// `--quiet` apply; the text is a pure function of the result, so it can be read without a console.
protocol CommandOutput {
    associatedtype Document: Encodable
    /// What `--json` prints.
    var document: Document { get }
    /// Whether `--quiet` still prints the text (a failure a quiet run must show).
    var showsWhenQuiet: Bool { get }
    /// The text form, written line by line.
    func write(to text: inout CommandText)
}

extension CommandOutput {
    var showsWhenQuiet: Bool { false }
}

extension CommandOutput where Self: Encodable {
    var document: Self { self }
}

/// The text a command prints: lines for stdout and warnings for stderr, in order, styled as the
/// terminal allows.
struct CommandText {
    enum Line: Equatable {
        case output(String)
        case warning(String)
    }

    let style: Style
    /// `--verbose`: show more detail.
    let verbose: Bool
    /// `--quiet`: a result shown anyway prints only what went wrong.
    let quiet: Bool
    private(set) var lines: [Line] = []

    init(style: Style, verbose: Bool = false, quiet: Bool = false) {
        self.style = style
        self.verbose = verbose
        self.quiet = quiet
    }

    mutating func line(_ text: String = "") {
        lines.append(.output(text))
    }

    mutating func warning(_ text: String) {
        lines.append(.warning(text))
    }
}

extension CommandContext {
    /// Prints a command's result, the one place the output flags apply: its document as JSON with
    /// `--json`; else its text, unless `--quiet` (and the output does not show anyway).
    func emit(_ output: some CommandOutput) throws {
        if global.json {
            try printJSON(output.document)
            return
        }
        guard !global.quiet || output.showsWhenQuiet else { return }
        var text = CommandText(style: style, verbose: global.verbose, quiet: global.quiet)
        output.write(to: &text)
        for line in text.lines {
            switch line {
            case .output(let line): console.line(line)
            case .warning(let line): console.errorLine(line)
            }
        }
    }
}
