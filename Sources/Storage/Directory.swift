#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directory operations the durability protocol needs: create, list, rename, unlink,
/// and fsync of the directory itself (which makes a create, rename or unlink durable).
enum Directory {
    /// Creates `path` and any missing parents (mode 0700).
    static func create(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw IOError(operation: "mkdir", path: path, code: ENOTDIR)
        }
        let parent = parentPath(path)
        if parent != path, !parent.isEmpty { try create(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw IOError(operation: "mkdir", path: path, code: errno)
        }
        if !parent.isEmpty { try sync(parent) }
    }

    /// Names of the entries of `path` (no "." or "..").
    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw IOError(operation: "opendir", path: path, code: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafePointer(to: &ent.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// fsync of the directory: makes the entries created, renamed or removed in it durable.
    static func sync(_ path: String) throws {
        let fd = try FileDescriptor.open(path, O_RDONLY | O_DIRECTORY)
        defer { fd.close() }
        try fd.sync()
    }

    static func rename(_ from: String, _ to: String) throws {
        if Glibc_rename(from, to) != 0 { throw IOError(operation: "rename", path: from, code: errno) }
    }

    /// Removes a file; a file already absent is not an error.
    static func unlink(_ path: String) throws {
        if Glibc_unlink(path) != 0 && errno != ENOENT { throw IOError(operation: "unlink", path: path, code: errno) }
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    static func parentPath(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        if slash == p.startIndex { return "/" }
        return String(p[..<slash])
    }
}

@inline(__always) private func Glibc_rename(_ a: String, _ b: String) -> Int32 {
    #if canImport(Glibc)
    return Glibc.rename(a, b)
    #else
    return Darwin.rename(a, b)
    #endif
}

@inline(__always) private func Glibc_unlink(_ a: String) -> Int32 {
    #if canImport(Glibc)
    return Glibc.unlink(a)
    #else
    return Darwin.unlink(a)
    #endif
}
