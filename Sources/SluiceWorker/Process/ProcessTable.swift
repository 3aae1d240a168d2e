import Foundation

/// Resident memory by process group, read from /proc in one pass: what `pool status` shows per
/// worker, what recycling above a memory mark compares, and the memory limit's enforcement
/// where cgroups cannot be used.
enum ProcessTable {
    /// Resident bytes of every process in each of `groups`, and how many processes each has.
    static func residentBytes(ofGroups groups: Set<pid_t>) -> [pid_t: (bytes: Int, processes: Int)] {
        guard !groups.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [:] }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var totals: [pid_t: (bytes: Int, processes: Int)] = [:]
        for entry in entries {
            guard let pid = pid_t(entry), let stat = Stat(pid: pid), groups.contains(stat.group) else { continue }
            let current = totals[stat.group] ?? (0, 0)
            totals[stat.group] = (current.bytes + stat.residentPages * pageSize, current.processes + 1)
        }
        return totals
    }

    /// The fields of /proc/PID/stat that matter here.
    struct Stat {
        var state: Character
        var parent: pid_t
        var group: pid_t
        var residentPages: Int

        init?(pid: pid_t) {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
            self.init(statLine: text)
        }

        /// Fields after the command name, which is in parentheses and may hold anything.
        init?(statLine text: String) {
            guard let close = text.lastIndex(of: ")") else { return nil }
            let fields = text[text.index(after: close)...].split(separator: " ")
            // fields[0] is field 3 (state) of proc(5); rss is field 24.
            guard fields.count > 21, let state = fields[0].first, let parent = pid_t(fields[1]),
                let group = pid_t(fields[2]), let pages = Int(fields[21])
            else { return nil }
            self.state = state
            self.parent = parent
            self.group = group
            self.residentPages = pages
        }
    }
}
