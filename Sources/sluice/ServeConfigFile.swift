import Foundation
import Logging
import SluiceBroker
import SluiceCore
import SluiceWorker
import Yams

/// `sluice serve --config sluice.yaml`:
///
/// ```yaml
/// queues:
///   - name: orders
///     attributes: { VisibilityTimeout: 60 }
///   - name: orders.fifo
///     attributes: { FifoQueue: true, ContentBasedDeduplication: true }
///     tags: { team: payments }
/// pools:                           # worker pools (a pool called default always exists)
///   stages: { workers: 4, localQueue: 8, overflowQueue: stages-overflow,
///             maxInvocations: 1000, recycleAboveMB: 512 }
/// functions:                       # what Invoke and Task states call by name or ARN
///   score:                         # Lambda code: a handler in a directory (relative to this file)
///     { runtime: python3.12, handler: score.handler, code: ./functions, pool: stages,
///       timeout: 30, memory: 256, environment: { BUCKET: ceap } }
///   double:
///     command: [python3, stages/double.py]   # the event on stdin, the result on stdout
///     timeout: 30                  # seconds (default 60)
///   enrich:
///     url: http://127.0.0.1:8080/enrich     # the event POSTed, the result in the body
/// scaling:                         # GET /scaling's rules (seed 003's windows by default)
///   { highUtilization: 0.8, upAfterSeconds: 300, lowUtilization: 0.3, downAfterSeconds: 900,
///     overflowDepth: 100, overflowAfterSeconds: 300, slackAfterSeconds: 1800 }
/// ```
struct ServeConfigFile: Decodable {
    struct QueueEntry: Decodable {
        var name: String
        var attributes: [String: Scalar]?
        var tags: [String: Scalar]?
    }

    /// A YAML scalar read as text, so `60` and `"60"` mean the same.
    struct Scalar: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                text = bool ? "true" : "false"
            } else if let int = try? container.decode(Int.self) {
                text = String(int)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    struct PoolEntry: Decodable {
        var workers: Int?
        var localQueue: Int?
        var overflowQueue: String?
        var maxInvocations: Int?
        var recycleAboveMB: Int?

        static let keys: Set = ["workers", "localQueue", "overflowQueue", "maxInvocations", "recycleAboveMB"]
    }

    struct FunctionEntry: Decodable {
        var command: [String]?
        var url: String?
        var runtime: String?
        var handler: String?
        var code: String?
        var pool: String?
        var timeout: Int?
        var memory: Int?
        var environment: [String: Scalar]?

        static let keys: Set = ["command", "url", "runtime", "handler", "code", "pool", "timeout", "memory", "environment"]
    }

    struct ScalingEntry: Decodable {
        var highUtilization: Double?
        var upAfterSeconds: Int?
        var lowUtilization: Double?
        var downAfterSeconds: Int?
        var overflowDepth: Int?
        var overflowAfterSeconds: Int?
        var slackAfterSeconds: Int?
    }

    var queues: [QueueEntry]?
    var pools: [String: PoolEntry]?
    var functions: [String: FunctionEntry]?
    var scaling: ScalingEntry?
    /// The directory relative code paths are read from: the config file's.
    var baseDirectory = "."

    enum CodingKeys: String, CodingKey {
        case queues, pools, functions, scaling
    }

    /// The `scaling:` section over seed 003's defaults.
    func scalingPolicy() throws -> ScalingPolicy {
        var policy = ScalingPolicy()
        guard let entry = scaling else { return policy }
        func share(_ value: Double?, _ name: String) throws -> Double? {
            guard let value else { return nil }
            guard (0...1).contains(value) else { throw ConfigFileError("The config file's scaling.\(name) must be from 0 to 1, not \(value).") }
            return value
        }
        func seconds(_ value: Int?, _ name: String) throws -> Int? {
            guard let value else { return nil }
            guard value > 0 else { throw ConfigFileError("The config file's scaling.\(name) must be a positive number of seconds.") }
            return value
        }
        policy.highUtilization = try share(entry.highUtilization, "highUtilization") ?? policy.highUtilization
        policy.lowUtilization = try share(entry.lowUtilization, "lowUtilization") ?? policy.lowUtilization
        policy.upAfterSeconds = try seconds(entry.upAfterSeconds, "upAfterSeconds") ?? policy.upAfterSeconds
        policy.downAfterSeconds = try seconds(entry.downAfterSeconds, "downAfterSeconds") ?? policy.downAfterSeconds
        policy.overflowAfterSeconds = try seconds(entry.overflowAfterSeconds, "overflowAfterSeconds") ?? policy.overflowAfterSeconds
        policy.slackAfterSeconds = try seconds(entry.slackAfterSeconds, "slackAfterSeconds") ?? policy.slackAfterSeconds
        if let depth = entry.overflowDepth {
            guard depth >= 0 else { throw ConfigFileError("The config file's scaling.overflowDepth must be 0 or more.") }
            policy.overflowDepth = depth
        }
        return policy
    }

    static func load(path: String) throws -> ServeConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigFileError("Cannot read the config file \(path): check the path and its permissions.")
        }
        var file: ServeConfigFile
        do {
            file = try YAMLDecoder().decode(ServeConfigFile.self, from: data)
            try checkKeys(of: try YAMLDecoder().decode(KeyCheck.self, from: data))
        } catch let error as ConfigFileError {
            throw ConfigFileError("The config file \(path): \(error.description)")
        } catch {
            throw ConfigFileError("The config file \(path) is not valid: \(error)")
        }
        file.baseDirectory = (URL(fileURLWithPath: path).deletingLastPathComponent().path as NSString).standardizingPath
        return file
    }

    /// Misspelt settings are reported instead of ignored.
    private struct KeyCheck: Decodable {
        var pools: [String: [String: IgnoredValue]]?
        var functions: [String: [String: IgnoredValue]]?
    }

    private struct IgnoredValue: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    private static func checkKeys(of check: KeyCheck) throws {
        for (name, entry) in check.pools ?? [:] {
            if let unknown = entry.keys.sorted().first(where: { !PoolEntry.keys.contains($0) }) {
                throw ConfigFileError("the pool \(name) has an unknown setting '\(unknown)' (known: \(PoolEntry.keys.sorted().joined(separator: ", "))).")
            }
        }
        for (name, entry) in check.functions ?? [:] {
            if let unknown = entry.keys.sorted().first(where: { !FunctionEntry.keys.contains($0) }) {
                throw ConfigFileError("the function \(name) has an unknown setting '\(unknown)' (known: \(FunctionEntry.keys.sorted().joined(separator: ", "))).")
            }
        }
    }

    /// The `pools:` section, checked.
    func poolConfigurations() throws -> [PoolConfiguration] {
        try (pools ?? [:]).sorted { $0.key < $1.key }.map { name, entry in
            func fail(_ reason: String) -> ConfigFileError { ConfigFileError("The config file's pool \(name) \(reason).") }
            guard FunctionName.isName(name) else { throw fail("needs a name of letters, digits, - and _") }
            let workers = entry.workers ?? 2
            guard (1...256).contains(workers) else { throw fail("needs workers from 1 to 256, not \(workers)") }
            let localQueue = entry.localQueue ?? 8
            guard localQueue >= 0 else { throw fail("needs a localQueue of 0 or more, not \(localQueue)") }
            if let limit = entry.maxInvocations, limit < 1 { throw fail("needs maxInvocations of 1 or more") }
            if let mark = entry.recycleAboveMB, mark < 1 { throw fail("needs recycleAboveMB of 1 or more") }
            if let queue = entry.overflowQueue, (try? QueueName.validate(queue, fifo: false)) == nil {
                throw fail("names an overflowQueue that is not a valid standard queue name: \(queue)")
            }
            return PoolConfiguration(
                name: name, workers: workers, localQueue: localQueue, overflowQueue: entry.overflowQueue,
                maxInvocationsPerWorker: entry.maxInvocations, recycleAboveMB: entry.recycleAboveMB)
        }
    }

    /// The `functions:` section: Lambda functions (runtime, handler, code) and external ones
    /// (exactly one of command or url), each checked, every problem named with its entry.
    func functionDefinitions(pools: [PoolConfiguration]) throws -> (declared: [DeclaredFunction], external: [String: ExternalFunction]) {
        var declared: [DeclaredFunction] = []
        var external: [String: ExternalFunction] = [:]
        let poolNames = Set(pools.map(\.name) + [PoolConfiguration.defaultName])
        for (name, entry) in (functions ?? [:]).sorted(by: { $0.key < $1.key }) {
            func fail(_ reason: String) -> ConfigFileError { ConfigFileError("The config file's function \(name) \(reason).") }
            guard FunctionName.isName(name), name.count <= 64 else { throw fail("needs a name of at most 64 letters, digits, - and _") }
            switch (entry.command, entry.url, entry.runtime) {
            case (let command?, nil, nil) where !command.isEmpty:
                external[name] = ExternalFunction(target: .command(command), timeoutSeconds: try timeout(entry, default: 60, fail))
            case (nil, let url?, nil):
                external[name] = ExternalFunction(target: .url(url), timeoutSeconds: try timeout(entry, default: 60, fail))
            case (nil, nil, let runtimeName?):
                guard let runtime = FunctionRuntime(runtimeName) else {
                    throw fail("has runtime '\(runtimeName)', which Sluice does not run (python3.9 to python3.14, provided, provided.al2, provided.al2023)")
                }
                guard let code = entry.code else { throw fail("needs code: the directory of its handler") }
                let directory = code.hasPrefix("/") ? code : ((baseDirectory as NSString).appendingPathComponent(code) as NSString).standardizingPath
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw fail("has code \(code), which is not a directory (\(directory))")
                }
                let handler = entry.handler ?? ""
                if case .python = runtime, !runtime.accepts(handler: handler) {
                    throw fail("needs a handler module.function for \(runtimeName), not '\(handler)'")
                }
                let pool = entry.pool ?? PoolConfiguration.defaultName
                guard poolNames.contains(pool) else { throw fail("names the pool \(pool), which pools: does not declare") }
                let memory = entry.memory ?? 128
                guard FunctionLimits.memoryMB.contains(memory) else { throw fail("needs memory from 128 to 10240 MB, not \(memory)") }
                declared.append(DeclaredFunction(
                    name: name, runtime: runtime, handler: handler, codeDirectory: directory, pool: pool,
                    timeoutSeconds: try timeout(entry, default: 3, fail), memoryMB: memory,
                    environment: (entry.environment ?? [:]).mapValues(\.text)))
            default:
                throw fail("needs exactly one of runtime: (with handler and code), command: [program, args…] or url:")
            }
        }
        return (declared, external)
    }

    private func timeout(_ entry: FunctionEntry, default value: Int, _ fail: (String) -> ConfigFileError) throws -> Int {
        let timeout = entry.timeout ?? value
        guard FunctionLimits.timeoutSeconds.contains(timeout) else { throw fail("needs a timeout from 1 to 900 seconds, not \(timeout)") }
        return timeout
    }

    func createQueues(on broker: Broker, account: String, logger: Logger) async throws {
        for entry in queues ?? [] {
            do {
                _ = try await broker.createQueue(
                    account: account, name: entry.name, attributes: (entry.attributes ?? [:]).mapValues(\.text),
                    tags: (entry.tags ?? [:]).mapValues(\.text))
                logger.info("queue ready", metadata: ["sluice.queue": "\(entry.name)"])
            } catch {
                throw ConfigFileError("The config file's queue \(entry.name) cannot be created: \(error)")
            }
        }
    }
}

/// A config file that cannot be used; ends start-up with its message (and no usage text,
/// since the command line itself was fine).
struct ConfigFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
