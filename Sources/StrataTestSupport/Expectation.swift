/// A conformance check that did not hold.
package struct ConformanceFailure: Error, CustomStringConvertible {
    package let message: String
    package let file: String
    package let line: Int

    package init(message: String, file: String = #fileID, line: Int = #line) {
        self.message = message
        self.file = file
        self.line = line
    }

    package var description: String { "\(file):\(line): \(message)" }
}

/// Throws a `ConformanceFailure` unless `condition` holds.
package func expect(_ condition: Bool, _ message: @autoclosure () -> String, file: String = #fileID, line: Int = #line) throws {
    if !condition { throw ConformanceFailure(message: message(), file: file, line: line) }
}

/// Throws unless `a == b`, showing both.
package func expectEqual<T: Equatable>(_ a: T, _ b: T, _ message: @autoclosure () -> String = "", file: String = #fileID, line: Int = #line) throws {
    if a != b { throw ConformanceFailure(message: "\(message()) expected \(b), got \(a)", file: file, line: line) }
}

/// Runs `body`, which must throw a `StrataError`; returns it.
@discardableResult
package func expectStrataError<T>(_ body: () async throws -> T, file: String = #fileID, line: Int = #line) async throws -> StrataError {
    do {
        _ = try await body()
    } catch let error as StrataError {
        return error
    } catch {
        throw ConformanceFailure(message: "expected a StrataError, got \(type(of: error)): \(error)", file: file, line: line)
    }
    throw ConformanceFailure(message: "expected an error, got success", file: file, line: line)
}

package import StrataCore

/// `value`, or a failure naming what was expected.
package func expectValue<T>(_ value: T?, _ what: @autoclosure () -> String, file: String = #fileID, line: Int = #line) throws -> T {
    guard let value else { throw ConformanceFailure(message: "expected \(what()), got nil", file: file, line: line) }
    return value
}
