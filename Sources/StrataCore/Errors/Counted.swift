/// `1 row`, `2 rows`: a count and its noun, plural when it is not one.
package func counted(_ count: some BinaryInteger, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
