public import Foundation

/// A function as stored: its configuration and the digest of its code. The worker layer
/// validates and unpacks; the store keeps what it is given.
public struct FunctionRecord: Sendable, Equatable {
    public var name: String
    public var arn: String
    public var runtime: String
    public var handler: String
    public var role: String
    public var description: String
    public var timeoutSeconds: Int
    public var memoryMB: Int
    public var environment: [String: String]
    /// Base64 SHA-256 of the deployment package, as Lambda shows it.
    public var codeSha256: String
    public var codeSize: Int
    public var revisionId: String
    public var lastModifiedMillis: Int64
    public var tags: [String: String]

    public init(
        name: String, arn: String, runtime: String, handler: String, role: String, description: String = "",
        timeoutSeconds: Int = 3, memoryMB: Int = 128, environment: [String: String] = [:], codeSha256: String,
        codeSize: Int, revisionId: String, lastModifiedMillis: Int64, tags: [String: String] = [:]
    ) {
        self.name = name
        self.arn = arn
        self.runtime = runtime
        self.handler = handler
        self.role = role
        self.description = description
        self.timeoutSeconds = timeoutSeconds
        self.memoryMB = memoryMB
        self.environment = environment
        self.codeSha256 = codeSha256
        self.codeSize = codeSize
        self.revisionId = revisionId
        self.lastModifiedMillis = lastModifiedMillis
        self.tags = tags
    }
}

/// An SQS event source mapping as stored.
public struct EventSourceMappingRecord: Sendable, Equatable {
    public var uuid: String
    public var functionArn: String
    public var eventSourceArn: String
    public var batchSize: Int
    public var maximumBatchingWindowSeconds: Int
    public var enabled: Bool
    /// `ReportBatchItemFailures`, or empty.
    public var functionResponseTypes: [String]
    /// ScalingConfig.MaximumConcurrency (2–1000), or nil for the pool's size.
    public var maximumConcurrency: Int?
    public var lastModifiedMillis: Int64

    public init(
        uuid: String, functionArn: String, eventSourceArn: String, batchSize: Int = 10,
        maximumBatchingWindowSeconds: Int = 0, enabled: Bool = true, functionResponseTypes: [String] = [],
        maximumConcurrency: Int? = nil, lastModifiedMillis: Int64
    ) {
        self.uuid = uuid
        self.functionArn = functionArn
        self.eventSourceArn = eventSourceArn
        self.batchSize = batchSize
        self.maximumBatchingWindowSeconds = maximumBatchingWindowSeconds
        self.enabled = enabled
        self.functionResponseTypes = functionResponseTypes
        self.maximumConcurrency = maximumConcurrency
        self.lastModifiedMillis = lastModifiedMillis
    }
}

/// Storage for functions (configuration and code) and their event source mappings.
///
/// A function's code is kept once per digest, with the functions that use it: several nodes
/// over one database unpack the same package. Every method returns after its effects are
/// committed.
public protocol FunctionStore: Sendable {
    /// Inserts the function with its code; false when a function of that name exists.
    func createFunction(_ record: FunctionRecord, code: Data) async throws -> Bool
    func function(name: String) async throws -> FunctionRecord?
    /// Every function, by name.
    func functions() async throws -> [FunctionRecord]
    /// Replaces the function (and its code, when given) if its revision is still
    /// `expectedRevision`; false when it is gone or changed since. Code no function uses any
    /// more is removed in the same transaction.
    func updateFunction(_ record: FunctionRecord, code: Data?, expectedRevision: String) async throws -> Bool
    /// Removes the function (not its event source mappings, as Lambda does); returns what it was.
    func deleteFunction(name: String) async throws -> FunctionRecord?
    /// The deployment package of a digest in use.
    func functionCode(sha256: String) async throws -> Data?

    /// Inserts a mapping; its UUID is new.
    func createEventSourceMapping(_ record: EventSourceMappingRecord) async throws
    func eventSourceMapping(uuid: String) async throws -> EventSourceMappingRecord?
    /// Every mapping, oldest first.
    func eventSourceMappings() async throws -> [EventSourceMappingRecord]
    /// Replaces a mapping; false when it does not exist.
    func updateEventSourceMapping(_ record: EventSourceMappingRecord) async throws -> Bool
    func deleteEventSourceMapping(uuid: String) async throws -> EventSourceMappingRecord?
}
