/// What a function engine is set up with: its pools and the functions the config file declares.
public struct FunctionEngineConfiguration: Sendable {
    public var region: String
    public var account: String
    /// This node's identity: overflowed invocations name it as their origin.
    public var node: String
    /// Where deployment packages are unpacked (one directory per digest).
    public var codeDirectory: String
    public var pools: [PoolConfiguration]
    public var declaredFunctions: [DeclaredFunction]
    public var externalFunctions: [String: ExternalFunction]
    /// How long a failed asynchronous invocation waits before each retry (Lambda: one, then
    /// two minutes; two retries).
    public var asyncRetryDelaysSeconds = [60, 120]
    /// When `/scaling` asks for more or fewer replicas of a pool.
    public var scaling = ScalingPolicy()

    public init(
        region: String = "us-east-1", account: String = "000000000000", node: String = UUID().uuidString.lowercased(),
        codeDirectory: String,
        pools: [PoolConfiguration] = [],
        declaredFunctions: [DeclaredFunction] = [], externalFunctions: [String: ExternalFunction] = [:]
    ) {
        self.region = region
        self.account = account
        self.node = node
        self.codeDirectory = codeDirectory
        self.pools = pools
        self.declaredFunctions = declaredFunctions
        self.externalFunctions = externalFunctions
    }

    /// The pool functions use when none is named: 2 workers per core unless the config sizes it.
    public static func defaultPool() -> PoolConfiguration {
        PoolConfiguration(name: PoolConfiguration.defaultName, workers: max(2, ProcessInfo.processInfo.activeProcessorCount * 2))
    }
}

import Foundation
