public import SluiceCore
public import SluiceStore

/// The settings CreateEventSourceMapping and UpdateEventSourceMapping take; nil leaves a
/// setting as it is (or at Lambda's default on create).
public struct MappingSettings: Sendable {
    public var functionName: String?
    public var enabled: Bool?
    public var batchSize: Int?
    public var maximumBatchingWindowSeconds: Int?
    public var functionResponseTypes: [String]?
    /// ScalingConfig.MaximumConcurrency; `.some(nil)` removes it.
    public var maximumConcurrency: Int??

    public init(
        functionName: String? = nil, enabled: Bool? = nil, batchSize: Int? = nil, maximumBatchingWindowSeconds: Int? = nil,
        functionResponseTypes: [String]? = nil, maximumConcurrency: Int?? = nil
    ) {
        self.functionName = functionName
        self.enabled = enabled
        self.batchSize = batchSize
        self.maximumBatchingWindowSeconds = maximumBatchingWindowSeconds
        self.functionResponseTypes = functionResponseTypes
        self.maximumConcurrency = maximumConcurrency
    }
}

/// Lambda's event source mapping actions, for SQS queues of this server. A mapping is stored
/// before it is answered; its poller starts (or stops) right after.
extension FunctionEngine {
    public func createEventSourceMapping(eventSourceArn: String?, settings: MappingSettings) async throws -> EventSourceMappingRecord {
        guard let eventSourceArn else {
            throw SluiceError(.validation, "1 validation error detected: Value null at 'eventSourceArn' failed to satisfy constraint: Member must not be null")
        }
        guard let functionName = settings.functionName else {
            throw SluiceError(.validation, "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null")
        }
        let queue = try sourceQueue(eventSourceArn)
        let function = try mappedFunction(functionName)
        let record = EventSourceMappingRecord(
            uuid: IdentifierGenerator.uuid(), functionArn: function.record.arn, eventSourceArn: eventSourceArn,
            batchSize: settings.batchSize ?? 10, maximumBatchingWindowSeconds: settings.maximumBatchingWindowSeconds ?? 0,
            enabled: settings.enabled ?? true, functionResponseTypes: settings.functionResponseTypes ?? [],
            maximumConcurrency: settings.maximumConcurrency ?? nil, lastModifiedMillis: context.clock.nowMillis())
        try Self.validate(record, fifo: queue.isFifo)
        return try await lane.run {
            if let existing = mappings.withLock({ $0.values.first { $0.eventSourceArn == eventSourceArn && $0.functionArn == record.functionArn } }) {
                throw SluiceError(
                    .resourceConflict,
                    "An event source mapping with SQS arn (\" \(eventSourceArn) \") and function (\" \(function.record.name) \") already exists. Please update or delete the existing mapping with UUID \(existing.uuid)")
            }
            try await store.createEventSourceMapping(record)
            mappings.withLock { $0[record.uuid] = record }
            pollers.changed(record.uuid)
            return record
        }
    }

    public func eventSourceMapping(uuid: String) throws(SluiceError) -> EventSourceMappingRecord {
        guard let record = mappings.withLock({ $0[uuid] }) else { throw Self.mappingNotFound }
        return record
    }

    /// Mappings, oldest first, of a queue and/or a function when given.
    public func listEventSourceMappings(eventSourceArn: String?, functionName: String?) throws(SluiceError) -> [EventSourceMappingRecord] {
        let functionArn = try functionName.map { name throws(SluiceError) in
            let parsed = try FunctionName.parse(name)
            return names.functionArn(parsed.name)
        }
        let all = mappings.withLock { Array($0.values) }
        return all
            .filter { eventSourceArn == nil || $0.eventSourceArn == eventSourceArn }
            .filter { functionArn == nil || $0.functionArn == functionArn }
            .sorted { ($0.lastModifiedMillis, $0.uuid) < ($1.lastModifiedMillis, $1.uuid) }
    }

    public func updateEventSourceMapping(uuid: String, settings: MappingSettings) async throws -> EventSourceMappingRecord {
        try await lane.run {
            var record = try eventSourceMapping(uuid: uuid)
            if let name = settings.functionName { record.functionArn = try mappedFunction(name).record.arn }
            if let enabled = settings.enabled { record.enabled = enabled }
            if let size = settings.batchSize { record.batchSize = size }
            if let window = settings.maximumBatchingWindowSeconds { record.maximumBatchingWindowSeconds = window }
            if let types = settings.functionResponseTypes { record.functionResponseTypes = types }
            if let concurrency = settings.maximumConcurrency { record.maximumConcurrency = concurrency }
            record.lastModifiedMillis = context.clock.nowMillis()
            try Self.validate(record, fifo: broker.queue(arn: record.eventSourceArn)?.isFifo ?? false)
            guard try await store.updateEventSourceMapping(record) else { throw Self.mappingNotFound }
            mappings.withLock { $0[uuid] = record }
            pollers.changed(uuid)
            return record
        }
    }

    public func deleteEventSourceMapping(uuid: String) async throws -> EventSourceMappingRecord {
        try await lane.run {
            guard let record = try await store.deleteEventSourceMapping(uuid: uuid) else { throw Self.mappingNotFound }
            mappings.withLock { _ = $0.removeValue(forKey: uuid) }
            pollers.changed(uuid)
            return record
        }
    }

    static let mappingNotFound = SluiceError(.resourceNotFound, "The resource you requested does not exist.")

    private func sourceQueue(_ arn: String) throws(SluiceError) -> SluiceCore.Queue {
        guard arn.hasPrefix("arn:aws:sqs:") || arn.hasPrefix("arn:aws-") && arn.contains(":sqs:") else {
            throw SluiceError(.invalidParameterValue, "Unrecognized event source, must be kinesis, dynamodb stream, sqs, msk or mq: \(arn)")
        }
        guard let queue = broker.queue(arn: arn) else {
            throw SluiceError(
                .invalidParameterValue,
                "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.")
        }
        return queue
    }

    private func mappedFunction(_ name: String) throws(SluiceError) -> KnownFunction {
        do {
            return try known(try FunctionName.parse(name))
        } catch let error where error.code == .resourceNotFound {
            throw SluiceError(.resourceNotFound, "Function does not exist")
        }
    }

    /// Lambda's limits for SQS sources.
    static func validate(_ record: EventSourceMappingRecord, fifo: Bool) throws(SluiceError) {
        let maxBatch = fifo ? 10 : 10_000
        guard (1...maxBatch).contains(record.batchSize) else {
            throw SluiceError(
                .invalidParameterValue,
                "BatchSize \(record.batchSize) is not valid for \(fifo ? "FIFO " : "")SQS queues: it must be between 1 and \(maxBatch).")
        }
        guard (0...300).contains(record.maximumBatchingWindowSeconds) else {
            throw SluiceError(.validation, "1 validation error detected: Value '\(record.maximumBatchingWindowSeconds)' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300")
        }
        if record.batchSize > 10 && record.maximumBatchingWindowSeconds < 1 {
            throw SluiceError(.invalidParameterValue, "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
        }
        for type in record.functionResponseTypes where type != "ReportBatchItemFailures" {
            throw SluiceError(.validation, "1 validation error detected: Value '[\(type)]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]")
        }
        if let concurrency = record.maximumConcurrency, !(2...1000).contains(concurrency) {
            throw SluiceError(.validation, "1 validation error detected: Value '\(concurrency)' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value \(concurrency < 2 ? "greater than or equal to 2" : "less than or equal to 1000")")
        }
    }
}

import SluiceBroker
