import Foundation
public import SluiceCore
import SluiceStore

extension Broker {
    public static let maxTagsPerQueue = 50

    /// CreateQueue: creates the queue, or returns the existing one when every attribute given
    /// matches it (QueueNameExists otherwise).
    public func createQueue(
        account: String, name: String, attributes: [String: String] = [:], tags: [String: String] = [:]
    ) async throws -> Queue {
        let fifo = attributes["FifoQueue"]?.lowercased() == "true"
        try QueueName.validate(name, fifo: fifo)
        var config = QueueAttributes(fifoQueue: fifo)
        try config.apply(attributes, creating: true)
        try Self.validateTags(tags)
        if let existing = registry.withLock({ $0.byName[QueueKey(account: account, name: name)] }) {
            return try Self.matching(existing, attributes: attributes, config: config)
        }
        let arn = QueueArn(region: configuration.region, account: account, name: name).description
        try validateRedrive(config, sourceArn: arn, fifo: fifo)
        let reservedSince = now() - configuration.deletedNameReservationMillis
        if try await store.wasRecentlyDeleted(account: account, name: name, since: reservedSince) {
            throw SluiceError(
                .queueDeletedRecently,
                "You must wait 60 seconds after deleting a queue before you can create another with the same name.")
        }
        let queue = try await store.createQueue(
            QueueDraft(account: account, name: name, attributes: config, tags: tags), now: now())
        registry.withLock { $0.put(queue) }
        // A concurrent CreateQueue may have won the race with other attributes.
        return try Self.matching(queue, attributes: attributes, config: config)
    }

    private static func matching(_ existing: Queue, attributes: [String: String], config: QueueAttributes) throws(SluiceError)
        -> Queue
    {
        for name in attributes.keys.sorted() where existing.attributes.wireValue(name) != config.wireValue(name) {
            throw SluiceError(
                .queueNameExists, "A queue already exists with the same name and a different value for attribute \(name)")
        }
        return existing
    }

    public func deleteQueue(_ queue: Queue) async throws {
        try await metadataLane.run {
            try await self.store.deleteQueue(queue, now: self.now())
            self.registry.withLock { $0.remove(queue) }
            self.moveTasks.withLock { $0.removeTasks(sourceArn: self.arn(of: queue)) }
        }
        signals.notify(queue.id)
    }

    /// Queues of `account` whose names start with `prefix`, in name order, after `afterName`.
    public func listQueues(account: String, prefix: String?, after afterName: String? = nil) -> [Queue] {
        registry.withLock { registry in
            registry.byName.values.filter { queue in
                queue.account == account && (prefix.map { queue.name.hasPrefix($0) } ?? true)
                    && (afterName.map { queue.name > $0 } ?? true)
            }
        }.sorted { $0.name < $1.name }
    }

    public func setAttributes(_ queue: Queue, _ attributes: [String: String]) async throws {
        try await modify(queue) { updated in
            try updated.attributes.apply(attributes, creating: false)
            if attributes["RedrivePolicy"] != nil {
                try self.validateRedrive(updated.attributes, sourceArn: self.arn(of: queue), fifo: queue.isFifo)
            }
        }
    }

    /// GetQueueAttributes: the named attributes (or every one for `All`) that have a value.
    public func attributes(of queue: Queue, names: [String]) async throws -> [String: String] {
        for name in names where name != "All" && !QueueAttributes.allNames.contains(name) {
            throw SluiceError(.invalidAttributeName, "Unknown Attribute \(name).")
        }
        let wanted = names.contains("All") ? QueueAttributes.allNames : names
        var result: [String: String] = [:]
        let needsCounts = wanted.contains { $0.hasPrefix("ApproximateNumberOfMessages") }
        let counts = needsCounts ? try await store.counts(runtime(queue), now: now()) : nil
        for name in wanted {
            switch name {
            case "ApproximateNumberOfMessages": result[name] = counts.map { String($0.visible) }
            case "ApproximateNumberOfMessagesNotVisible": result[name] = counts.map { String($0.inFlight) }
            case "ApproximateNumberOfMessagesDelayed": result[name] = counts.map { String($0.delayed) }
            case "CreatedTimestamp": result[name] = String(queue.createdAt)
            case "LastModifiedTimestamp": result[name] = String(queue.lastModifiedAt)
            case "QueueArn": result[name] = arn(of: queue)
            default: result[name] = queue.attributes.wireValue(name)
            }
        }
        return result
    }

    public func tag(_ queue: Queue, _ tags: [String: String]) async throws {
        try await modify(queue, touchesAttributes: false) { updated in
            updated.tags.merge(tags) { _, new in new }
            try Self.validateTags(updated.tags)
        }
    }

    public func untag(_ queue: Queue, keys: [String]) async throws {
        try await modify(queue, touchesAttributes: false) { updated in
            for key in keys { updated.tags[key] = nil }
        }
    }

    public func addPermission(_ queue: Queue, label: String, accounts: [String], actions: [String]) async throws {
        guard !label.isEmpty, label.count <= 80,
            label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw SluiceError.invalidParameter(
                "Label", label, reason: "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.")
        }
        guard !accounts.isEmpty else { throw SluiceError.missingParameter("AWSAccountId") }
        guard !actions.isEmpty else { throw SluiceError.missingParameter("ActionName") }
        guard actions.count <= 7 else {
            throw SluiceError(.overLimit, "\(actions.count) Actions were found, maximum allowed is 7.")
        }
        let queueArn = arn(of: queue)
        try await modify(queue) { updated in
            updated.attributes.policy = try QueuePolicy.adding(
                label: label, accounts: accounts, actions: actions, to: updated.attributes.policy, queueArn: queueArn)
        }
    }

    public func removePermission(_ queue: Queue, label: String) async throws {
        try await modify(queue) { updated in
            updated.attributes.policy = try QueuePolicy.removing(label: label, from: updated.attributes.policy)
        }
    }

    /// ListDeadLetterSourceQueues: queues whose RedrivePolicy names `queue`.
    public func deadLetterSources(of queue: Queue) -> [Queue] {
        let target = arn(of: queue)
        return registry.withLock { registry in
            registry.byName.values.filter { $0.attributes.redrivePolicy?.deadLetterTargetArn == target }
        }.sorted { $0.name < $1.name }
    }

    /// Changes a queue's definition: one change at a time, each applied to the latest version
    /// of the queue (so concurrent SetQueueAttributes and TagQueue calls do not undo each
    /// other), and never to a queue deleted meanwhile.
    private func modify(
        _ queue: Queue, touchesAttributes: Bool = true, _ change: @escaping @Sendable (inout Queue) throws -> Void
    ) async throws {
        try await metadataLane.run {
            let key = QueueKey(account: queue.account, name: queue.name)
            guard var updated = self.registry.withLock({ $0.byName[key] }), updated.id == queue.id else {
                throw SluiceError.queueDoesNotExist()
            }
            try change(&updated)
            if touchesAttributes { updated.lastModifiedAt = self.now() / 1000 }
            try await self.store.updateQueue(updated)
            self.registry.withLock { $0.put(updated) }
        }
    }

    /// A RedrivePolicy must name an existing queue of the same type whose RedriveAllowPolicy
    /// admits the source.
    private func validateRedrive(_ config: QueueAttributes, sourceArn: String, fifo: Bool) throws(SluiceError) {
        guard let policy = config.redrivePolicy else { return }
        func invalid(_ reason: String) -> SluiceError {
            .invalidParameter("RedrivePolicy", policy.json, reason: reason)
        }
        guard let target = queue(arn: policy.deadLetterTargetArn) else {
            throw invalid("Dead letter target does not exist.")
        }
        guard target.isFifo == fifo else {
            throw invalid("Dead-letter queue type must match the source queue type.")
        }
        if let allow = target.attributes.redriveAllowPolicy, !allow.allows(sourceArn: sourceArn) {
            throw invalid("The dead-letter queue's RedriveAllowPolicy does not allow this source queue.")
        }
    }

    static func validateTags(_ tags: [String: String]) throws(SluiceError) {
        guard tags.count <= maxTagsPerQueue else {
            throw SluiceError(.invalidParameterValue, "Too many tags added for queue. A queue may have up to 50 tags.")
        }
        for (key, value) in tags {
            guard (1...128).contains(key.count), value.count <= 256 else {
                throw SluiceError.invalidParameter(
                    "Tags", key, reason: "Tag keys must be 1 to 128 characters and values at most 256 characters.")
            }
        }
    }
}
