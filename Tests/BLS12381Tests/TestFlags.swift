import Foundation
@_exported import ThresigTestSupport

/// Heavy loops run only with THRESIG_SLOW_TESTS=1.
let slowTests = ProcessInfo.processInfo.environment["THRESIG_SLOW_TESTS"] == "1"
/// Micro-benchmarks run only with THRESIG_BENCH=1 (use a release build).
let benchmarksEnabled = ProcessInfo.processInfo.environment["THRESIG_BENCH"] == "1"
