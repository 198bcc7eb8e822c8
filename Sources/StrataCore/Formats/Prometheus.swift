/// Prometheus text format pieces shared by `health --format prometheus` and the metrics file.
package enum Prometheus {
    /// A label value: backslash, double quote and line feed escaped.
    package static func labelValue(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
