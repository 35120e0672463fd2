#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin owner of a POSIX file descriptor: positional reads and writes that loop over
/// short transfers and EINTR, fsync/fdatasync, ftruncate. The hot path of the WAL goes
/// straight through these calls (no Foundation, no buffering beyond the WAL's own).
struct FileDescriptor {
    let fd: Int32
    let path: String

    /// Opens `path` with `flags` (O_CLOEXEC is added), creating it with `mode` when
    /// O_CREAT is given.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws -> FileDescriptor {
        while true {
            let fd = Glibc_open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return FileDescriptor(fd: fd, path: path) }
            if errno == EINTR { continue }
            throw IOError(operation: "open", path: path, code: errno)
        }
    }

    func close() {
        _ = Glibc_close(fd)
    }

    /// The file's size in bytes.
    func size() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IOError(operation: "fstat", path: path, code: errno) }
        return Int(st.st_size)
    }

    /// Writes all of `bytes` at `offset`.
    func write<C: ContiguousBytes>(_ bytes: C, at offset: Int) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOError(operation: "pwrite", path: path, code: errno)
                }
                done += n
            }
        }
    }

    /// Reads exactly `count` bytes at `offset`, or fewer if the file ends first.
    func read(count: Int, at offset: Int) throws -> [UInt8] {
        if count == 0 { return [] }
        var out = [UInt8](repeating: 0, count: count)
        let got = try out.withUnsafeMutableBytes { raw -> Int in
            var done = 0
            while done < count {
                let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOError(operation: "pread", path: path, code: errno)
                }
                if n == 0 { break }
                done += n
            }
            return done
        }
        if got < count { out.removeLast(count - got) }
        return out
    }

    /// The whole file.
    func readAll() throws -> [UInt8] {
        try read(count: try size(), at: 0)
    }

    /// Flushes data and metadata (fsync).
    func sync() throws {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw IOError(operation: "fsync", path: path, code: errno)
        }
    }

    /// Flushes data and the metadata needed to read it back, including the file size
    /// (fdatasync on Linux; fsync elsewhere). Used after appends.
    func syncData() throws {
        #if os(Linux)
        while fdatasync(fd) != 0 {
            if errno == EINTR { continue }
            throw IOError(operation: "fdatasync", path: path, code: errno)
        }
        #else
        try sync()
        #endif
    }

    /// Takes an exclusive advisory lock (flock) without waiting; false if another open
    /// file description (this process or another) holds it.
    func tryLockExclusive() throws -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw IOError(operation: "flock", path: path, code: errno)
        }
        return true
    }

    func truncate(to length: Int) throws {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno == EINTR { continue }
            throw IOError(operation: "ftruncate", path: path, code: errno)
        }
    }
}

// Module-qualified aliases so that the methods above can be named open/close.
@inline(__always) private func Glibc_open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.open(path, flags, mode)
    #else
    return Darwin.open(path, flags, mode)
    #endif
}

@inline(__always) private func Glibc_close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}

/// Byte containers that can lend their contiguous storage.
protocol ContiguousBytes {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}
extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
