/// A conformance check that did not hold.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let message: String
    public let file: String
    public let line: Int

    public init(message: String, file: String = #fileID, line: Int = #line) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Throws a `ConformanceFailure` unless `condition` holds.
public func expect(_ condition: Bool, _ message: @autoclosure () -> String, file: String = #fileID, line: Int = #line) throws {
    if !condition { throw ConformanceFailure(message: message(), file: file, line: line) }
}

/// Throws unless `a == b`, showing both.
public func expectEqual<T: Equatable>(_ a: T, _ b: T, _ message: @autoclosure () -> String = "", file: String = #fileID, line: Int = #line) throws {
    if a != b { throw ConformanceFailure(message: "\(message()) expected \(b), got \(a)", file: file, line: line) }
}

/// Runs `body`, which must throw a `StrataError`; returns it.
@discardableResult
public func expectStrataError<T>(_ body: () async throws -> T, file: String = #fileID, line: Int = #line) async throws -> StrataError {
    do {
        _ = try await body()
    } catch let error as StrataError {
        return error
    } catch {
        throw ConformanceFailure(message: "expected a StrataError, got \(type(of: error)): \(error)", file: file, line: line)
    }
    throw ConformanceFailure(message: "expected an error, got success", file: file, line: line)
}

public import StrataCore

/// `value`, or a failure naming what was expected.
public func expectValue<T>(_ value: T?, _ what: @autoclosure () -> String, file: String = #fileID, line: Int = #line) throws -> T {
    guard let value else { throw ConformanceFailure(message: "expected \(what()), got nil", file: file, line: line) }
    return value
}
