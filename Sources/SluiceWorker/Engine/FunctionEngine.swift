import Foundation
import Logging
public import SluiceBroker
public import SluiceCore
public import SluiceStore
import Synchronization

/// The functions of this server and what runs them: Lambda's API (functions, Invoke, event
/// source mappings) over a `FunctionStore`, and the worker pools that run the code. What
/// Lambda's Invoke and Step Functions' Lambda tasks reach.
///
/// Function definitions are cached in memory (every invocation needs one; they change through
/// this engine only). Several nodes over one database would have to refresh them on change:
/// the PostgreSQL issue adds that. Lock order: `functions`, `unpacked` are independent
/// `Mutex`es, as is `mappings`; `lane` serialises changes to definitions and mappings across
/// their awaits.
public final class FunctionEngine: FunctionInvoking {
    public let configuration: FunctionEngineConfiguration
    let store: any FunctionStore
    let broker: Broker
    let context: WorkerContext
    let pools: [String: WorkerPool]
    let functions: Mutex<[String: KnownFunction]>
    /// Unpacked code directories by digest (base64).
    let unpacked = Mutex<[String: String]>([:])
    /// Event source mappings by UUID.
    let mappings: Mutex<[String: EventSourceMappingRecord]>
    /// Runs one poller per enabled mapping.
    let pollers = PollerSupervisor()
    /// Each pool's scale signals, by pool name.
    let advisors = Mutex<[String: ScalingAdvisor]>([:])
    let lane = SerialLane()
    let externalRunner: ExternalFunctionRunner
    var logger: Logger { context.logger }

    /// Opens the engine on `store`, loading the stored functions beside the declared ones.
    public static func open(
        store: any FunctionStore, broker: Broker, configuration: FunctionEngineConfiguration, context: WorkerContext
    ) async throws -> FunctionEngine {
        let stored = try await store.functions()
        let mappings = try await store.eventSourceMappings()
        let engine = FunctionEngine(
            store: store, broker: broker, configuration: configuration, context: context, stored: stored, mappings: mappings)
        try await engine.connectOverflow()
        return engine
    }

    private init(
        store: any FunctionStore, broker: Broker, configuration: FunctionEngineConfiguration, context: WorkerContext,
        stored: [FunctionRecord], mappings: [EventSourceMappingRecord]
    ) {
        self.store = store
        self.broker = broker
        self.configuration = configuration
        self.context = context
        var pools: [String: WorkerPool] = [:]
        for pool in configuration.pools { pools[pool.name] = WorkerPool(configuration: pool, context: context) }
        if pools[PoolConfiguration.defaultName] == nil {
            pools[PoolConfiguration.defaultName] = WorkerPool(configuration: FunctionEngineConfiguration.defaultPool(), context: context)
        }
        self.pools = pools
        externalRunner = ExternalFunctionRunner(
            maxConcurrentCommands: pools[PoolConfiguration.defaultName]?.configuration.workers ?? 2)
        var known: [String: KnownFunction] = [:]
        for record in stored {
            known[record.name] = KnownFunction(record: record, source: .stored, pool: Self.pool(of: record))
        }
        let names = ResourceNames(region: configuration.region, account: configuration.account)
        for declared in configuration.declaredFunctions {
            known[declared.name] = KnownFunction.declared(declared, names: names)
        }
        for (name, external) in configuration.externalFunctions {
            known[name] = KnownFunction.external(name, external, names: names)
        }
        functions = Mutex(known)
        self.mappings = Mutex(Dictionary(uniqueKeysWithValues: mappings.map { ($0.uuid, $0) }))
    }

    /// The pool a stored function runs in: its `sluice:pool` tag, else the default pool.
    static func pool(of record: FunctionRecord) -> String {
        record.tags[KnownFunction.poolTag] ?? PoolConfiguration.defaultName
    }

    var names: ResourceNames { ResourceNames(region: configuration.region, account: configuration.account) }

    /// The function a FunctionName parameter names, or ResourceNotFoundException.
    func known(_ name: FunctionName) throws(SluiceError) -> KnownFunction {
        if let qualifier = name.qualifier, qualifier != "$LATEST" {
            throw SluiceError(.resourceNotFound, "Function not found: \(names.functionArn(name.name)):\(qualifier)")
        }
        if let account = name.account, account != configuration.account {
            throw SluiceError(.resourceNotFound, "Function not found: \(names.functionArn(name.name))")
        }
        guard let function = functions.withLock({ $0[name.name] }) else {
            throw SluiceError(.resourceNotFound, "Function not found: \(names.functionArn(name.name))")
        }
        return function
    }

    /// What a worker of `function` runs, its stored package unpacked on first use.
    func spec(_ function: KnownFunction) async throws(SluiceError) -> FunctionSpec {
        let record = function.record
        let directory: String
        switch function.source {
        case .declared(let path):
            directory = path
        case .external:
            throw SluiceError(.serviceException, "The function \(record.name) runs a command or URL, not in a pool")
        case .stored:
            directory = try await unpackedCode(record.codeSha256)
        }
        guard let runtime = FunctionRuntime(record.runtime) else {
            throw SluiceError(.serviceException, "Sluice cannot run the runtime \(record.runtime)")
        }
        return FunctionSpec(
            name: record.name, arn: record.arn, revision: record.revisionId, runtime: runtime, handler: record.handler,
            codeDirectory: directory, memoryMB: record.memoryMB, timeoutSeconds: record.timeoutSeconds,
            environment: record.environment)
    }

    private func unpackedCode(_ sha256: String) async throws(SluiceError) -> String {
        if let directory = unpacked.withLock({ $0[sha256] }) { return directory }
        let zip: Data?
        do {
            zip = try await store.functionCode(sha256: sha256)
        } catch {
            throw SluiceError(.serviceException, "The function's code could not be read: \(error)")
        }
        guard let zip else { throw SluiceError(.serviceException, "The function's code \(sha256) is missing from the store") }
        let directory = try CodePackage(zip: zip).unpack(into: configuration.codeDirectory)
        unpacked.withLock { $0[sha256] = directory }
        return directory
    }

    func pool(named name: String) throws(SluiceError) -> WorkerPool {
        guard let pool = pools[name] else {
            throw SluiceError(.serviceException, "The pool \(name) is not declared")
        }
        return pool
    }

    /// Every pool's workers and queue, for `sluice pool status`.
    public func poolSnapshots() -> [PoolSnapshot] {
        pools.values.map { $0.snapshot() }.sorted { $0.name < $1.name }
    }
}

/// A function the engine knows, wherever it comes from.
struct KnownFunction: Sendable {
    enum Source: Sendable, Equatable {
        /// Created through the Lambda API; its package is in the store.
        case stored
        /// Declared in the config file with a code directory.
        case declared(directory: String)
        /// A command or URL of the config file.
        case external(ExternalFunction)
    }

    /// The tag that puts a function created through the Lambda API in a pool.
    static let poolTag = "sluice:pool"

    var record: FunctionRecord
    var source: Source
    var pool: String

    static func declared(_ function: DeclaredFunction, names: ResourceNames) -> KnownFunction {
        let record = FunctionRecord(
            name: function.name, arn: names.functionArn(function.name), runtime: function.runtime.description,
            handler: function.handler, role: names.configRole, description: "Declared in the config file",
            timeoutSeconds: function.timeoutSeconds, memoryMB: function.memoryMB, environment: function.environment,
            codeSha256: "", codeSize: 0, revisionId: "config", lastModifiedMillis: 0,
            tags: [poolTag: function.pool])
        return KnownFunction(record: record, source: .declared(directory: function.codeDirectory), pool: function.pool)
    }

    static func external(_ name: String, _ function: ExternalFunction, names: ResourceNames) -> KnownFunction {
        let record = FunctionRecord(
            name: name, arn: names.functionArn(name), runtime: "provided", handler: "-", role: names.configRole,
            description: "Declared in the config file", timeoutSeconds: function.timeoutSeconds, memoryMB: 128,
            codeSha256: "", codeSize: 0, revisionId: "config", lastModifiedMillis: 0)
        return KnownFunction(record: record, source: .external(function), pool: PoolConfiguration.defaultName)
    }

    var isStored: Bool { source == .stored }
}

/// ARNs of functions and mappings.
struct ResourceNames: Sendable {
    let region: String
    let account: String

    func functionArn(_ name: String) -> String { "arn:aws:lambda:\(region):\(account):function:\(name)" }
    func mappingArn(_ uuid: String) -> String { "arn:aws:lambda:\(region):\(account):event-source-mapping:\(uuid)" }
    var configRole: String { "arn:aws:iam::\(account):role/sluice-config" }
}
