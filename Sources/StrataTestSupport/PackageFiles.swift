package import Foundation

/// Files of this package, found from the test support's own source path.
package enum PackageFiles {
    /// The package's root directory: the nearest one above this file holding `Package.swift`.
    package static func root(from file: String = #filePath) -> URL {
        var directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        while directory.path != "/", !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }

    /// `relative` under the package's root.
    package static func path(_ relative: String) -> String {
        root().appendingPathComponent(relative).path
    }
}
