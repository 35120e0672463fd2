// Replaced when the Secp256k1 module lands.
enum WycheproofECDSA {
    enum Encoding { case der, p1363, bitcoin }
    static func run(_ file: WycheproofFile, _ report: inout FileReport, encoding: Encoding) {
        report.skips.append(Skip(count: file.caseCount, reason: "secp256k1 not built yet"))
    }
}
enum WycheproofECDH {
    static func run(_ file: WycheproofFile, _ report: inout FileReport) {
        report.skips.append(Skip(count: file.caseCount, reason: "secp256k1 not built yet"))
    }
}
