@_exported import ThresigTestSupport

/// The toy group (Tests/Support) under the short names the Sharing tests use.
typealias S = ToyScalar
typealias G = ToyGroup
