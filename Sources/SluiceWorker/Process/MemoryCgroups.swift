import Foundation
import Synchronization

/// Memory limits for workers through the kernel's memory cgroups, when the server may create
/// them: a cgroup per worker under the server's own, its limit the function's memory size, so
/// a worker that allocates past it is killed by the kernel alone and the server is never the
/// OOM killer's choice. Supports the v1 memory hierarchy and v2 (unified) where memory is
/// delegated to the server's cgroup. Without either, `available` is false and the pool falls
/// back to watching each worker's resident memory (`ProcessTable`).
public struct MemoryCgroups: Sendable {
    public enum Version: Sendable { case v1, v2 }

    /// Numbers the workers' cgroups of this process.
    private static let nextGroup = Atomic<Int>(0)

    /// The directory the workers' cgroups are made in (`…/sluice-<pid>`).
    let root: String
    let version: Version

    /// Finds the server's memory cgroup and makes `sluice-<pid>` under it; nil when cgroups
    /// cannot be used here (not mounted, not writable, memory not delegated).
    public static func prepare(fileManager: FileManager = .default) -> MemoryCgroups? {
        guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        var candidates: [(String, Version)] = []
        for line in membership.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = fields[2] == "/" ? "" : String(fields[2])
            if fields[1].split(separator: ",").contains("memory") {
                candidates.append(("/sys/fs/cgroup/memory" + path, .v1))
            } else if fields[0] == "0" && fields[1].isEmpty {
                candidates.append(("/sys/fs/cgroup" + path, .v2))
            }
        }
        for (directory, version) in candidates {
            if version == .v2 {
                let controllers = (try? String(contentsOfFile: directory + "/cgroup.subtree_control", encoding: .utf8)) ?? ""
                guard controllers.split(whereSeparator: \.isWhitespace).contains("memory") else { continue }
            }
            let root = "\(directory)/sluice-\(getpid())"
            removeStale(in: directory, fileManager: fileManager)
            guard (try? fileManager.createDirectory(atPath: root, withIntermediateDirectories: false)) != nil
                || fileManager.fileExists(atPath: root)
            else { continue }
            // In v2 the workers' groups get the memory controller from their parent, which
            // holds no process itself.
            if version == .v2 { _ = write("+memory", to: root + "/cgroup.subtree_control") }
            let cgroups = MemoryCgroups(root: root, version: version)
            // A probe: the limit file must be writable, or this hierarchy is not ours to use.
            let probe = root + "/probe"
            guard (try? fileManager.createDirectory(atPath: probe, withIntermediateDirectories: false)) != nil,
                cgroups.writeLimit(probe, bytes: 1 << 30)
            else {
                rmdir(probe)
                rmdir(root)
                continue
            }
            rmdir(probe)
            return cgroups
        }
        return nil
    }

    /// Makes the cgroup of one worker with its limit; the keeper joins it before the worker
    /// starts. Returns its directory, or nil when it could not be made.
    func makeWorkerGroup(limitBytes: Int) -> String? {
        let directory = "\(root)/w\(Self.nextGroup.add(1, ordering: .relaxed).newValue)"
        guard mkdir(directory, 0o755) == 0, writeLimit(directory, bytes: limitBytes) else {
            rmdir(directory)
            return nil
        }
        return directory
    }

    /// Whether the kernel killed a process of this cgroup for exceeding its limit.
    func sawOutOfMemory(_ directory: String) -> Bool {
        let file = version == .v1 ? "/memory.oom_control" : "/memory.events"
        guard let text = try? String(contentsOfFile: directory + file, encoding: .utf8) else { return false }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "oom_kill", let count = Int(fields[1]), count > 0 { return true }
        }
        return false
    }

    /// Bytes the cgroup's processes use now.
    func usage(_ directory: String) -> Int? {
        let file = version == .v1 ? "/memory.usage_in_bytes" : "/memory.current"
        return (try? String(contentsOfFile: directory + file, encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Removes a worker's cgroup once its processes are gone.
    func removeWorkerGroup(_ directory: String) {
        rmdir(directory)
    }

    /// Removes the server's own directory at shutdown.
    public func removeRoot() {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: root) {
            for name in names where !name.contains(".") { rmdir("\(root)/\(name)") }
        }
        rmdir(root)
    }

    private func writeLimit(_ directory: String, bytes: Int) -> Bool {
        switch version {
        case .v1:
            guard Self.write("\(bytes)", to: directory + "/memory.limit_in_bytes") else { return false }
            // With swap accounting, the same limit on memory plus swap: a worker must not
            // escape its limit into swap.
            if FileManager.default.fileExists(atPath: directory + "/memory.memsw.limit_in_bytes") {
                _ = Self.write("\(bytes)", to: directory + "/memory.memsw.limit_in_bytes")
            }
            return true
        case .v2:
            guard Self.write("\(bytes)", to: directory + "/memory.max") else { return false }
            _ = Self.write("0", to: directory + "/memory.swap.max")
            return true
        }
    }

    private static func write(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return text.withCString { pointer in Glibc.write(fd, pointer, strlen(pointer)) == strlen(pointer) }
    }

    /// Removes the `sluice-<pid>` directories of servers that are gone (kill -9 leaves them),
    /// killing any process still in them.
    private static func removeStale(in directory: String, fileManager: FileManager) {
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("sluice-") {
            guard let pid = pid_t(name.dropFirst("sluice-".count)), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let stale = "\(directory)/\(name)"
            for worker in (try? fileManager.contentsOfDirectory(atPath: stale)) ?? [] where !worker.contains(".") {
                let group = "\(stale)/\(worker)"
                let procs = (try? String(contentsOfFile: group + "/cgroup.procs", encoding: .utf8)) ?? ""
                for line in procs.split(separator: "\n") {
                    if let pid = pid_t(line) { kill(pid, SIGKILL) }
                }
                rmdir(group)
            }
            rmdir(stale)
        }
    }
}
