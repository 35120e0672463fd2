import Foundation

/// What `thresig cluster status` learned from every member, and the lag it derives from that.
///
/// A node knows its own progress only (`GET /v1/cluster`: its view, op and commit index), so
/// the lag of node k is computed here, across answers: the reference is the commit index of the
/// node that answered as the primary of the highest view any node reported (in VRR the primary
/// commits first: backups learn of a commit from its next Prepare or Commit, §4.1); when that
/// node did not answer, or is not in normal status, the highest commit index any node reported.
/// `lag(k) = reference − commit(k)`, never negative. The answers are taken concurrently, not
/// atomically, so under load a few ops of lag are normal; a lag that stays or grows is a node
/// that is not keeping up (disk, network, or a state transfer in progress).
struct ClusterStatusReport: Sendable, Equatable {
    /// How one member answered.
    enum Answer: Sendable, Equatable {
        /// `GET /v1/cluster` on that node, as it sees the log.
        case up(RemoteCluster)
        /// No usable answer: unreachable, refused (a problem), or not the documented JSON.
        case down(String)
    }

    /// One member: its place in the cluster definition and its answer.
    struct Member: Sendable, Equatable {
        /// Node number k (1-based position in cluster.json).
        let number: Int
        let id: String
        let apiAddress: String
        let logAddress: String
        let answer: Answer

        /// This node's own answer, when it gave one.
        var own: RemoteCluster? {
            if case let .up(cluster) = answer { return cluster }
            return nil
        }
    }

    /// Where the reference commit index comes from.
    enum Reference: Sendable, Equatable {
        /// The primary of the highest view reported, which answered in normal status.
        case primary(node: Int)
        /// The primary did not answer (or is changing view): the highest commit index reported.
        case highest(node: Int)

        var node: Int {
            switch self {
            case let .primary(node), let .highest(node): node
            }
        }
    }

    /// Cluster name from the definition.
    let name: String
    /// Every member in definition order.
    let members: [Member]
    /// The highest view any member reported, the primary of that view (node number), and the
    /// reference commit index; nil when no member answered.
    let view: UInt64?
    let primary: Int?
    let reference: Reference?
    let referenceCommit: UInt64?

    /// Derives the reference from the members' answers (see the type's comment).
    init(name: String, members: [Member]) {
        self.name = name
        self.members = members
        let answered = members.compactMap { m in m.own.map { (m.number, $0) } }
        guard let top = answered.max(by: { $0.1.view < $1.1.view }) else {
            view = nil; primary = nil; reference = nil; referenceCommit = nil
            return
        }
        view = top.1.view
        // Every node in the same view names the same primary (VRR: primary = view mod n).
        primary = top.1.primary
        if let own = answered.first(where: { $0.0 == top.1.primary && $0.1.view == top.1.view && $0.1.status ?? "normal" == "normal" }) {
            reference = .primary(node: own.0)
            referenceCommit = own.1.commitIndex
        } else {
            // Ties go to the lowest node number (max(by:) keeps the last maximum; reverse it).
            let highest = answered.reversed().max(by: { $0.1.commitIndex < $1.1.commitIndex })!
            reference = .highest(node: highest.0)
            referenceCommit = highest.1.commitIndex
        }
    }

    /// How many members answered.
    var upCount: Int { members.filter { $0.own != nil }.count }

    /// Ops member `m` has not yet committed that the reference has; nil when it did not answer.
    func lag(of m: Member) -> UInt64? {
        guard let own = m.own, let referenceCommit else { return nil }
        return referenceCommit - min(referenceCommit, own.commitIndex)
    }

    // MARK: Rendering

    /// The table printed without `--json`.
    func renderText() -> String {
        var header = "cluster \(name): \(members.count) members, \(upCount) up"
        if let view, let primary, let reference, let referenceCommit {
            header += ", view \(view), primary node \(primary), commit index \(referenceCommit)"
            switch reference {
            case .primary: header += " (the primary's)"
            case let .highest(node): header += " (node \(node)'s: no answer from the primary in normal status)"
            }
        }
        let columns = ["k", "id", "role", "state", "view", "op", "commit", "lag", "api", "log"]
        var rows: [[String]] = [columns]
        var reasons: [String?] = [nil]
        for m in members {
            let role = m.number == primary ? "primary" : "backup"
            if let own = m.own {
                rows.append(["\(m.number)", m.id, role, own.status ?? "up", "\(own.view)", own.op.map { "\($0)" } ?? "?",
                             "\(own.commitIndex)", lag(of: m).map { "\($0)" } ?? "?", m.apiAddress, m.logAddress])
                reasons.append(nil)
            } else if case let .down(why) = m.answer {
                rows.append(["\(m.number)", m.id, role, "down", "-", "-", "-", "-", m.apiAddress, m.logAddress])
                reasons.append(why)
            }
        }
        let widths = columns.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = [header]
        for (row, why) in zip(rows, reasons) {
            var line = "  " + zip(row, widths).map { cell, width in cell + String(repeating: " ", count: width - cell.count) }
                .joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            if let why { line += "  " + why }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `--json`: the same facts as one object, keys sorted. Members that did not answer carry
    /// `reachable: false` and `error`; the fields of an answer are absent for them.
    func renderJSON() throws(OperatorError) -> String {
        let document = JSONDocument(
            name: name, view: view, primary: primary, commitIndex: referenceCommit, referenceNode: reference?.node,
            members: members.map { m in
                let own = m.own
                var error: String? = nil
                if case let .down(why) = m.answer { error = why }
                return JSONDocument.Member(node: m.number, id: m.id, apiAddress: m.apiAddress, logAddress: m.logAddress,
                                           reachable: own != nil, error: error, status: own?.status, view: own?.view,
                                           primary: own?.primary, op: own?.op, commitIndex: own?.commitIndex, lag: lag(of: m))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(document), as: UTF8.self) } catch {
            throw .failed("could not encode the status: \(error)")
        }
    }

    /// The `--json` shape (docs/cli.md).
    private struct JSONDocument: Encodable {
        struct Member: Encodable {
            let node: Int
            let id: String
            let apiAddress: String
            let logAddress: String
            let reachable: Bool
            let error: String?
            let status: String?
            let view: UInt64?
            let primary: Int?
            let op: UInt64?
            let commitIndex: UInt64?
            let lag: UInt64?

            enum CodingKeys: String, CodingKey {
                case node, id, reachable, error, status, view, primary, op, lag
                case apiAddress = "api_address"
                case logAddress = "log_address"
                case commitIndex = "commit_index"
            }
        }

        let name: String
        let view: UInt64?
        let primary: Int?
        let commitIndex: UInt64?
        let referenceNode: Int?
        let members: [Member]

        enum CodingKeys: String, CodingKey {
            case name, view, primary, members
            case commitIndex = "commit_index"
            case referenceNode = "reference_node"
        }
    }
}
