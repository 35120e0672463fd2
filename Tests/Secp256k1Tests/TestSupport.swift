import Foundation
import Primitives

/// Paths and loaders shared by the Secp256k1 tests.
enum TestSupport {
    /// The package root, found from this file's path (Tests/Secp256k1Tests/TestSupport.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/vectors` next to the package (published, read-only vectors).
    static let vectorsDirectory: URL = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/vectors")

    static func vectorURL(_ relative: String) -> URL { vectorsDirectory.appendingPathComponent(relative) }

    /// Whether a published vector file is there. When `../shared/vectors` itself exists,
    /// a missing file inside it is a broken checkout, not a reason to skip: the test then
    /// runs and fails on the missing file.
    static func vectorExists(_ relative: String) -> Bool {
        let ok = FileManager.default.fileExists(atPath: vectorURL(relative).path)
        if !ok { print("SKIP: vector file \(vectorURL(relative).path) is absent") }
        return ok || FileManager.default.fileExists(atPath: vectorsDirectory.path)
    }

    static func loadJSON(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: vectorURL(relative))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func hex(_ s: String) -> [UInt8] {
        let t = s.hasPrefix("0x") ? String(s.dropFirst(2)) : s
        return try! [UInt8](hex: t)
    }
}
