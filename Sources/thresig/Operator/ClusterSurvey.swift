import Foundation

/// Asks every member of a cluster for `GET /v1/cluster`, all at once, each bounded by a short
/// timeout, so that a dead node costs the operator one timeout, not one per node.
///
/// The membership comes from the first seed that answers: the node given by `--api` /
/// `THRESIG_API`, then `THRESIG_API_<k>` in order (so the command still works when the node it
/// was pointed at is the one that is down). Every member is then reached at the `api_address`
/// the cluster definition gives it, with the seed's scheme; the seed that answered is asked
/// again like the others, so that all answers are taken at about the same time.
struct ClusterSurvey: Sendable {
    /// Where to learn the membership, in order.
    let seeds: [APIEndpoint]
    /// Seconds each node may take to answer.
    let timeout: TimeInterval

    /// The seeds from the options and the environment: the `--api`/`THRESIG_API` endpoint
    /// first, then every valid `THRESIG_API_<k>` (k = 1, 2, …) that differs from it.
    static func seeds(first: APIEndpoint, environment: [String: String]) -> [APIEndpoint] {
        var seeds = [first]
        var k = 1
        while let base = environment["THRESIG_API_\(k)"] {
            if let endpoint = try? APIEndpoint(base: base, token: first.token), !seeds.contains(where: { $0.base == endpoint.base }) {
                seeds.append(endpoint)
            }
            k += 1
        }
        return seeds
    }

    /// The membership from the first seed that answers, then every member's answer.
    /// Throws when no seed answers (the first seed's failure, which names what went wrong).
    func run() throws(OperatorError) -> ClusterStatusReport {
        var firstFailure: OperatorError?
        for seed in seeds {
            do {
                let definition = try APIClient(endpoint: seed, timeout: timeout).get("/v1/cluster").decode(RemoteCluster.self)
                return try report(definition, seed: seed)
            } catch {
                if firstFailure == nil { firstFailure = error }
            }
        }
        throw firstFailure ?? .usage("no API address")
    }

    /// Every member's answer, asked concurrently.
    func report(_ definition: RemoteCluster, seed: APIEndpoint) throws(OperatorError) -> ClusterStatusReport {
        let scheme = URLComponents(string: seed.base)?.scheme ?? "http"
        var endpoints: [APIEndpoint] = []
        for m in definition.members {
            do { endpoints.append(try APIEndpoint(base: "\(scheme)://\(m.apiAddress)", token: seed.token)) } catch {
                throw .unexpected(status: 200, "member \(m.id) has an api_address that is not host:port: \(m.apiAddress)")
            }
        }
        let targets = endpoints, timeout = timeout
        let answers = AnswerBox(count: targets.count)
        DispatchQueue.concurrentPerform(iterations: targets.count) { i in
            answers.set(i, Self.ask(targets[i], timeout: timeout))
        }
        let members = definition.members.enumerated().map { i, m in
            ClusterStatusReport.Member(number: i + 1, id: m.id, apiAddress: m.apiAddress, logAddress: m.logAddress,
                                       answer: answers.get(i))
        }
        return ClusterStatusReport(name: definition.name, members: members)
    }

    /// One node's own view, or why there is none (in words for the table).
    static func ask(_ endpoint: APIEndpoint, timeout: TimeInterval) -> ClusterStatusReport.Answer {
        do { return .up(try APIClient(endpoint: endpoint, timeout: timeout).get("/v1/cluster").decode(RemoteCluster.self)) } catch {
            switch error {
            case let .unreachable(_, why): return .down(why)
            case let .problem(problem): return .down(problem.oneLine)
            case let .unexpected(status, text): return .down("HTTP \(status): \(text)")
            case let .usage(text), let .failed(text): return .down(text)
            }
        }
    }
}

/// The answers, written by `concurrentPerform`'s workers (one slot each) and read after it returns.
private final class AnswerBox: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var answers: [ClusterStatusReport.Answer]

    init(count: Int) { answers = Array(repeating: .down("not asked"), count: count) }

    func set(_ i: Int, _ answer: ClusterStatusReport.Answer) {
        lock.lock(); defer { lock.unlock() }
        answers[i] = answer
    }

    func get(_ i: Int) -> ClusterStatusReport.Answer {
        lock.lock(); defer { lock.unlock() }
        return answers[i]
    }
}
