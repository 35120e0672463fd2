import DKG
import Primitives
import SignerNode

extension CeremonyView {
    /// The API view of a replicated ceremony record: status, open phase, and which members have
    /// dealt, complained and registered (what `thresig dkg` shows as progress).
    public init(_ record: CeremonyRecord) {
        let status: String, phase: String?
        switch record.progress {
        case let .running(p, _): (status, phase) = ("running", p.description)
        case .awaitingRegistration: (status, phase) = ("awaiting-registration", nil)
        case .complete: (status, phase) = ("complete", nil)
        case .failed: (status, phase) = ("failed", nil)
        }
        func names(_ indices: Set<Int>) -> [String] {
            indices.sorted().compactMap { $0 >= 1 && $0 <= record.committee.count ? record.committee[$0 - 1].rawValue : nil }
        }
        self.init(keyID: record.keyID.rawValue, scheme: record.scheme.name, t: record.t, n: record.n,
                  committee: record.committee.map(\.rawValue), label: record.label, status: status, phase: phase,
                  dealt: names(record.senders(in: .dealing, n: record.n)),
                  complained: names(record.senders(in: .complaints, n: record.n)),
                  finished: names(Set(record.registrations.keys)))
    }
}

extension KeyView {
    /// The API view of a registered key; points and hashes as 0x-hex.
    public init(_ record: KeyRecord) {
        self.init(keyID: record.keyID.rawValue, scheme: record.scheme.name, t: record.t, n: record.n,
                  committee: record.committee.map(\.rawValue), label: record.label,
                  groupPublicKey: "0x" + record.output.groupPublicKey.hexString,
                  sharePublicKeys: record.output.sharePublicKeys.map { "0x" + $0.hexString },
                  epoch: record.output.epoch, transcriptHash: "0x" + record.output.transcriptHash.hexString)
    }
}
