import CGMP
import CSodium
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// GMP keeps limbs in heap blocks that it grows with realloc and releases with free.
// With the default allocator the limbs of a secret (a Paillier prime, a share, a nonce)
// would linger in freed heap, and a realloc would leave a stale copy behind. We install
// allocation functions that zero every block before it is returned to the C heap:
//   - free: zero `size` bytes (GMP always passes the size it allocated), then free;
//   - realloc: allocate anew, copy, zero the old block, free it (never the C realloc,
//     which may move the data and leave the old copy un-zeroed).
// They are plain malloc/free underneath, so blocks allocated by GMP before installation
// (e.g. by Primitives' `Transcript`, which uses GMP directly) can be freed by ours and
// vice versa: installation is safe even if another thread is inside GMP at that moment.

private func thresigGMPAllocate(_ size: Int) -> UnsafeMutableRawPointer? {
    guard let p = malloc(Swift.max(size, 1)) else { fatalError("GMP allocation of \(size) bytes failed") }
    return p
}

private func thresigGMPReallocate(_ old: UnsafeMutableRawPointer?, _ oldSize: Int, _ newSize: Int) -> UnsafeMutableRawPointer? {
    guard let p = malloc(Swift.max(newSize, 1)) else { fatalError("GMP reallocation to \(newSize) bytes failed") }
    if let old {
        let keep = Swift.min(oldSize, newSize)
        if keep > 0 { memcpy(p, old, keep) }
        if oldSize > 0 { sodium_memzero(old, oldSize) }
        free(old)
    }
    return p
}

private func thresigGMPFree(_ block: UnsafeMutableRawPointer?, _ size: Int) {
    guard let block else { return }
    if size > 0 { sodium_memzero(block, size) }
    free(block)
}

/// Installed exactly once: a global `let` is initialised lazily under `swift_once`,
/// which is thread-safe.
private let zeroingAllocatorInstalled: Bool = {
    __gmp_set_memory_functions(thresigGMPAllocate, thresigGMPReallocate, thresigGMPFree)
    return true
}()

/// Ensures GMP allocates through the zeroing functions above. Every `BigInt` storage
/// initialiser calls this before touching GMP.
@inline(__always)
func ensureZeroingGMPAllocator() {
    _ = zeroingAllocatorInstalled
}
