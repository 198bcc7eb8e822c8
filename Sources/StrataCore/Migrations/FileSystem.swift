import Foundation

/// The few file-system calls migration loading needs, straight to POSIX: loading runs at every
/// app boot, and one `stat`/`open`/`read` per file is all it takes.
package enum FileSystem {
    /// `path` made absolute with symbolic links, `.` and `..` resolved (when it exists; else
    /// against the working directory): two spellings of one file compare equal.
    package static func absolutePath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (absolute as NSString).standardizingPath
    }

    /// The last component of `path` (`a/b/c.sql` → `c.sql`; a trailing `/` ignored), as
    /// `NSString.lastPathComponent` gives it at a fraction of its cost.
    static func lastComponent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/"), trimmed != "/" else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `path` without its last component (`a/b/c.sql` → `a/b`, `c.sql` → ``, `/c` → `/`).
    static func parent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    enum Kind: Equatable {
        case file
        case directory
        case other
        case missing
    }

    /// Why a file could not be read.
    struct Failure: Error {
        let reason: String
    }

    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The names in `directory` with their kinds, sorted by name; `.` and `..` left out.
    static func entries(_ directory: String) throws(Failure) -> [(name: String, kind: Kind)] {
        guard let handle = opendir(directory) else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { closedir(handle) }
        var entries: [(name: String, kind: Kind)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_UNKNOWN), Int32(DT_LNK): kind = Self.kind(directory + "/" + name)
            default: kind = .other
            }
            entries.append((name, kind))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// The bytes of a regular file, refusing files larger than `limit` before reading them.
    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size <= limit else { throw Failure(reason: "too large: \(size)") }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + offset, size - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if count == 0 { break }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            offset += count
        }
        return offset == size ? bytes : Array(bytes[..<offset])
    }

    /// The size of a file, or nil when it cannot be seen.
    static func size(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }
}
