import ArgumentParser
import Foundation
import SluiceCore

struct PoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool",
        abstract: "Show the worker pools of a running Sluice server.",
        subcommands: [PoolStatusCommand.self])
}

struct PoolStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each pool's workers (pid, state, invocations, resident memory), queue and restarts.",
        discussion: "States: starting (not ready yet), idle, assigned (an invocation waits for it), busy, stopping.")

    @OptionGroup var options: EndpointOptions

    func run() async throws {
        try await runCLI {
            let pools = try await options.lambda.json("GET", "/sluice/pools")
            options.print(["Pools": pools]) {
                (pools.arrayValue ?? []).map(Self.describe).joined(separator: "\n\n")
            }
        }
    }

    static func describe(_ pool: JSON) -> String {
        let workers = pool["workers"]?.arrayValue ?? []
        var text = "pool \(pool["name"]?.stringValue ?? "?"): \(workers.count) of \(pool["size"]?.wholeNumber ?? 0) workers, "
        text += "\(pool["queued"]?.wholeNumber ?? 0) queued"
        let restarts = (pool["restarts"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
        if !restarts.isEmpty {
            text += ", ended: " + restarts.map { "\($0.key) \($0.value.wholeNumber ?? 0)" }.joined(separator: ", ")
        }
        let counts = (pool["counts"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
        if !counts.isEmpty {
            text += "\n  " + counts.map { "\($0.key) \($0.value.wholeNumber ?? 0)" }.joined(separator: ", ")
        }
        guard !workers.isEmpty else { return text }
        let rows = workers.map { worker in
            [String(worker["slot"]?.wholeNumber ?? 0), worker["pid"]?.wholeNumber.map(String.init) ?? "-",
             worker["function"]?.stringValue ?? "", worker["state"]?.stringValue ?? "",
             String(worker["invocations"]?.wholeNumber ?? 0), "\((worker["residentBytes"]?.wholeNumber ?? 0) >> 20) MiB"]
        }
        return text + "\n" + table(["SLOT", "PID", "FUNCTION", "STATE", "INVOCATIONS", "RSS"], rows)
            .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    }
}
