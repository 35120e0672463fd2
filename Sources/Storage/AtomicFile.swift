#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that a crash cannot tear: the bytes go to `<path>.tmp` (created with
/// `mode`, so a secret is never readable by others even for a moment), are fsynced, renamed over
/// `<path>`, and the directory is fsynced (the rename is then durable). A crash leaves either
/// the old file, the complete new one, or at worst a stray `.tmp`.
public enum AtomicFile {
    /// Writes `bytes` to `path`. With `replace: false`, refuses (EEXIST) when `path` exists.
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o600, replace: Bool = true) throws(IOError) {
        do {
            if !replace, Directory.exists(path) { throw IOError(operation: "create", path: path, code: EEXIST) }
            let tmp = path + ".tmp"
            try Directory.unlink(tmp)
            let file = try FileDescriptor.open(tmp, O_WRONLY | O_CREAT | O_EXCL, mode: mode_t(mode))
            do {
                try file.write(bytes, at: 0)
                try file.sync()
                file.close()
            } catch {
                file.close()
                try? Directory.unlink(tmp)
                throw error
            }
            try Directory.rename(tmp, path)
            try Directory.sync(Directory.parentPath(path))
        } catch let e as IOError {
            throw e
        } catch {
            throw IOError(operation: "write", path: path, code: EIO)
        }
    }

    /// The whole content of `path`.
    public static func read(_ path: String) throws(IOError) -> [UInt8] {
        do {
            let file = try FileDescriptor.open(path, O_RDONLY)
            defer { file.close() }
            return try file.readAll()
        } catch let e as IOError {
            throw e
        } catch {
            throw IOError(operation: "read", path: path, code: EIO)
        }
    }

    /// Creates `path` and missing parents with mode 0700.
    public static func createDirectory(_ path: String) throws(IOError) {
        do { try Directory.create(path) } catch let e as IOError { throw e } catch {
            throw IOError(operation: "mkdir", path: path, code: EIO)
        }
    }

    /// True when `path` exists (any type).
    public static func exists(_ path: String) -> Bool { Directory.exists(path) }

    /// The permission bits of `path` (`st_mode & 0o7777`).
    public static func permissions(_ path: String) throws(IOError) -> UInt32 {
        var st = stat()
        guard stat(path, &st) == 0 else { throw IOError(operation: "stat", path: path, code: errno) }
        return UInt32(st.st_mode) & 0o7777
    }
}
