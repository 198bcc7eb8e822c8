/// A password or other secret. It never prints, logs, dumps or encodes its value.
package struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself; read it only where it is handed to the database.
    package let unsafeValue: String

    package init(_ unsafeValue: String) {
        self.unsafeValue = unsafeValue
    }

    package var description: String { "***" }
    package var debugDescription: String { "Secret(***)" }
    package var customMirror: Mirror { Mirror(self, children: []) }
}
