import Foundation
import StrataCore

/// What one run of `migrate`, `backup`, `health` or `fleet` measured, as Prometheus gauges in the
/// text exposition format that node-exporter's textfile collector reads.
///
/// Every run writes the whole file: whether it succeeded, how long it took, when it ended, and
/// when a run last succeeded (carried over from the file a failed run replaces, so an alert on
/// "no success for a day" keeps working), then what the command measured. The file is written
/// beside its final name and renamed, so a scrape never reads half of it.
extension Strata {
    public struct Metrics: Sendable {
        /// One measurement: a gauge's name, what it means, its value and its labels beside
        /// `database` (which every sample of the command's own carries).
        public struct Sample: Sendable, Hashable {
            public var name: String
            public var help: String
            public var value: Double
            public var labels: [String: String]

            public init(_ name: String, _ value: Double, help: String, labels: [String: String] = [:]) {
                self.name = name
                self.help = help
                self.value = value
                self.labels = labels
            }
        }

        /// `migrate`, `backup`, `health`, `fleet`.
        public var command: String
        /// The database, password redacted (a label of every sample).
        public var database: String
        public var succeeded = false
        public var duration = Duration.zero
        /// When the run ended, Unix time in seconds.
        public var finishedAt: Double = Date().timeIntervalSince1970
        /// What the command measured, in order; samples of one name form one family.
        public var samples: [Sample] = []
        /// Families written as they are, after the others (the health report's own).
        public var families = ""

        public init(command: String, database: String) {
            self.command = command
            self.database = database
        }

        /// Adds a gauge sample.
        public mutating func add(_ name: String, _ value: Double, help: String, labels: [String: String] = [:]) {
            samples.append(Sample(name, value, help: help, labels: labels))
        }

        /// The file's text. `previous` is the file this run replaces: when this run failed, its last
        /// success time is kept.
        public func text(previous: String? = nil) -> String {
            let run = ["command": command, "database": database]
            let lastSuccess = succeeded ? finishedAt : previous.flatMap(Self.lastSuccess(in:))
            var all = [
                Sample("strata_run_success", succeeded ? 1 : 0, help: "Whether the last run succeeded (1) or failed (0).", labels: run),
                Sample("strata_run_duration_seconds", Double(duration.wholeMilliseconds) / 1000, help: "How long the last run took.", labels: run),
                Sample("strata_run_finished_timestamp_seconds", finishedAt.rounded(), help: "When the last run ended (Unix time).", labels: run),
            ]
            if let lastSuccess {
                all.append(Sample(Self.lastSuccessName, lastSuccess.rounded(), help: "When a run last succeeded (Unix time).", labels: run))
            }
            all += samples.map { sample in
                var sample = sample
                sample.labels["database"] = sample.labels["database"] ?? database
                return sample
            }
            var order: [String] = []
            var byName: [String: [Sample]] = [:]
            for sample in all {
                if byName[sample.name] == nil { order.append(sample.name) }
                byName[sample.name, default: []].append(sample)
            }
            var lines: [String] = []
            for name in order {
                let family = byName[name] ?? []
                lines.append("# HELP \(name) \(family[0].help)")
                lines.append("# TYPE \(name) gauge")
                for sample in family {
                    let labels = sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Prometheus.labelValue($0.value))\"" }.joined(separator: ",")
                    lines.append("\(name){\(labels)} \(Self.number(sample.value))")
                }
            }
            return lines.joined(separator: "\n") + "\n" + families
        }

        /// Writes the file at `path` atomically: a temporary file beside it, then a rename.
        /// - Throws: `StrataError.Code.io` naming the path when it cannot be written.
        public func write(to path: String) throws {
            let url = URL(fileURLWithPath: path)
            let previous = try? String(contentsOf: url, encoding: .utf8)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            do {
                try Data(text(previous: previous).utf8).write(to: temporary)
                guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw StrataError(
                    .io, "cannot write the metrics file \(path): \(error.localizedDescription)",
                    state: "the \(command) itself \(succeeded ? "succeeded" : "failed") as reported",
                    nextStep: "point the metrics file at a writable directory (node-exporter's textfile directory)")
            }
        }

        static let lastSuccessName = "strata_run_last_success_timestamp_seconds"

        /// The last success time recorded in an earlier file, if any.
        static func lastSuccess(in text: String) -> Double? {
            for line in text.split(separator: "\n") where line.hasPrefix(lastSuccessName + "{") {
                if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { return value }
            }
            return nil
        }

        /// Integers without a decimal point; other values as Swift prints them (exponent included,
        /// which the format allows).
        static func number(_ value: Double) -> String {
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        }
    }
}
