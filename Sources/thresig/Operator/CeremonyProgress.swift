/// Renders a ceremony's progress (`GET /v1/ceremonies/{id}`) for `thresig dkg`.
///
/// On a terminal the block is redrawn in place: one header line and one line per committee
/// member with what the log shows it has done (dealt, complained, finished). Otherwise —
/// a pipe, a CI log — one plain summary line is printed each time the summary changes, so a
/// log file holds the ceremony's history without escape codes or repeated lines.
struct CeremonyProgress {
    /// Redraw in place (a terminal) or append plain lines.
    let interactive: Bool
    /// Lines drawn last time (terminal mode), to move the cursor back over them.
    private(set) var drawnLines = 0
    /// The last plain line printed, to print only changes.
    private(set) var lastLine: String?

    init(interactive: Bool) { self.interactive = interactive }

    /// The header: `ceremony k1 (bls 3-of-4, label "validators"): running, phase dealing`.
    static func header(_ c: RemoteCeremony) -> String {
        var text = "ceremony \(c.keyID) (\(c.scheme) \(c.t)-of-\(c.n), label \(LockFile.quote(c.label))): \(c.status)"
        if let phase = c.phase { text += ", phase \(phase)" }
        return text
    }

    /// One line per member: `  node-2   dealt ✓   complained ·   finished ·`.
    static func memberLines(_ c: RemoteCeremony) -> [String] {
        let width = c.committee.map(\.count).max() ?? 0
        func mark(_ set: [String], _ id: String) -> String { set.contains(id) ? "✓" : "·" }
        return c.committee.map { id in
            let pad = String(repeating: " ", count: max(0, width - id.count))
            return "  \(id)\(pad)   dealt \(mark(c.dealt, id))   complained \(mark(c.complained, id))   finished \(mark(c.finished, id))"
        }
    }

    /// The plain one-line summary: `running phase=dealing dealt=2/4 [node-1,node-3] complained=0 finished=0/4`.
    static func summary(_ c: RemoteCeremony) -> String {
        func names(_ set: [String]) -> String { set.isEmpty ? "" : " [" + set.joined(separator: ",") + "]" }
        var text = "ceremony \(c.keyID): \(c.status)"
        if let phase = c.phase { text += " phase=\(phase)" }
        text += " dealt=\(c.dealt.count)/\(c.n)\(names(c.dealt))"
        text += " complained=\(c.complained.count)\(names(c.complained))"
        text += " finished=\(c.finished.count)/\(c.n)\(names(c.finished))"
        return text
    }

    /// What to write for a new observation: the escape codes and lines (terminal), a line
    /// when something changed (plain), or "" when nothing did.
    mutating func update(_ c: RemoteCeremony) -> String {
        if interactive {
            let lines = [Self.header(c)] + Self.memberLines(c)
            // Cursor up over the previous block, then each line cleared and rewritten (ECMA-48 CUU, EL).
            var out = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
            for line in lines { out += "\r\u{1B}[2K" + line + "\n" }
            drawnLines = lines.count
            return out
        }
        let line = Self.summary(c)
        guard line != lastLine else { return "" }
        lastLine = line
        return line + "\n"
    }
}
