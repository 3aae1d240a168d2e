import Foundation
import SluiceTesting
import Testing
@testable import SluiceWorker

@Suite("Worker processes: the keeper starts, reports and ends a worker's whole tree")
struct WorkerProcessTests {
    private func launch(_ script: String, cgroup: String? = nil) throws -> WorkerProcess {
        try WorkerProcess.launch(WorkerLaunch(
            keeperExecutable: BuiltProducts.sluice, program: ["/bin/sh", "-c", script],
            environment: ["PATH": "/usr/bin:/bin", "GREETING": "hello"], directory: "/tmp", cgroup: cgroup))
    }

    @Test("the worker's exit code and output reach the server; it runs in the given environment")
    func exitAndOutput() async throws {
        let process = try launch(#"echo "$GREETING from $(pwd)"; echo oops >&2; exit 3"#)
        #expect(await process.exit() == .exited(3))
        let output = String(decoding: process.output.take().text, as: UTF8.self)
        #expect(output == "hello from /tmp\noops\n")
    }

    @Test("a worker killed by a signal is reported as killed by it, in Lambda's words")
    func signaled() async throws {
        let process = try launch("kill -SEGV $$")
        let exit = await process.exit()
        #expect(exit == .signaled(SIGSEGV))
        #expect(exit.description == "signal: segmentation fault")
    }

    @Test("stopping a worker kills its whole tree, even a descendant in a session of its own")
    func stopKillsTree() async throws {
        let marker = Self.uniqueSleep()
        let process = try launch("setsid sleep \(marker) & sleep \(marker)")
        try await waitUntil { Self.processes(named: marker) == 2 }
        process.stop()
        _ = await process.exit()
        try await waitUntil { Self.processes(named: marker) == 0 }
    }

    @Test("descendants left behind when the worker exits by itself are killed too")
    func orphansKilled() async throws {
        let marker = Self.uniqueSleep()
        let process = try launch("sleep \(marker) & echo $!; exit 0")
        #expect(await process.exit() == .exited(0))
        let printed = String(decoding: process.output.take().text, as: UTF8.self)
        let orphan = try #require(Int32(printed.trimmingCharacters(in: .whitespacesAndNewlines)))
        try await waitUntil { ProcessTable.Stat(pid: orphan).map { $0.state == "Z" } ?? true }
        #expect(Self.processes(named: marker) == 0)
    }

    @Test("a worker is its own process group, with the OOM killer's highest score")
    func groupAndScore() async throws {
        let process = try launch("sleep 300")
        try await waitUntil { ProcessTable.residentBytes(ofGroups: [process.pid])[process.pid]?.processes ?? 0 >= 2 }
        let score = try String(contentsOfFile: "/proc/\(process.pid)/oom_score_adj", encoding: .utf8)
        #expect(score.trimmingCharacters(in: .whitespacesAndNewlines) == "1000")
        let resident = ProcessTable.residentBytes(ofGroups: [process.pid])[process.pid]?.bytes ?? 0
        #expect(resident > 0)
        process.stop()
        #expect(await process.exit() == .exited(0))
    }

    @Test("a worker over its cgroup's memory limit is killed by the kernel, and the cgroup says why",
          .enabled(if: MemoryCgroups.prepare() != nil, "memory cgroups cannot be made here"))
    func cgroupLimit() async throws {
        let cgroups = try #require(MemoryCgroups.prepare())
        let group = try #require(cgroups.makeWorkerGroup(limitBytes: 64 << 20))
        defer { cgroups.removeWorkerGroup(group) }
        let process = try launch("exec python3 -c 'x = bytearray(256 * 1024 * 1024); print(len(x))'", cgroup: group)
        #expect(await process.exit() == .signaled(SIGKILL))
        #expect(cgroups.sawOutOfMemory(group))
    }

    /// A sleep of a duration no other process uses, to find it by its command line.
    static func uniqueSleep() -> String {
        "300.\(Int.random(in: 100_000...999_999))"
    }

    /// How many live processes run `sleep <marker>`.
    static func processes(named marker: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard Int32(entry) != nil,
                let command = try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8),
                let stat = ProcessTable.Stat(pid: Int32(entry)!), stat.state != "Z"
            else { return false }
            return command == "sleep\0\(marker)\0"
        }.count
    }
}

/// Polls `condition` every 20 ms for up to `seconds`.
func waitUntil(seconds: Double = 10, _ condition: () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        guard Date() < deadline else {
            Issue.record("the condition did not hold within \(seconds) s")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}
