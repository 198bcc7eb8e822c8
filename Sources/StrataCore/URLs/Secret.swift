/// A password or other secret. It never prints, logs, dumps or encodes its value.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself; read it only where it is handed to the database.
    public let unsafeValue: String

    public init(_ unsafeValue: String) {
        self.unsafeValue = unsafeValue
    }

    public var description: String { "***" }
    public var debugDescription: String { "Secret(***)" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
