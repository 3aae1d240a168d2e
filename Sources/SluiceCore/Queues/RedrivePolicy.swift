/// Where a queue sends messages that were received too often: `RedrivePolicy`.
public struct RedrivePolicy: Sendable, Codable, Hashable {
    public var deadLetterTargetArn: String
    public var maxReceiveCount: Int

    public init(deadLetterTargetArn: String, maxReceiveCount: Int) {
        self.deadLetterTargetArn = deadLetterTargetArn
        self.maxReceiveCount = maxReceiveCount
    }

    public init(json: String) throws(SluiceError) {
        func invalid(_ reason: String) -> SluiceError {
            .invalidParameter("RedrivePolicy", json, reason: reason)
        }
        guard let object = (try? JSON.parse(json))?.objectValue else {
            throw invalid("Redrive policy is not a valid JSON map.")
        }
        for key in object.keys where key != "deadLetterTargetArn" && key != "maxReceiveCount" {
            throw invalid("Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].")
        }
        guard let arn = object["deadLetterTargetArn"]?.stringValue else {
            throw invalid("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.")
        }
        guard let countValue = object["maxReceiveCount"] else {
            throw invalid("Redrive policy does not contain mandatory attribute: maxReceiveCount.")
        }
        guard let count = countValue.integerValue, (1...1000).contains(count) else {
            throw invalid("Invalid value for maxReceiveCount: \(countValue.compactText), valid values are from 1 to 1000 both inclusive.")
        }
        guard QueueArn(arn) != nil else {
            throw invalid("Invalid value for deadLetterTargetArn.")
        }
        self.init(deadLetterTargetArn: arn, maxReceiveCount: count)
    }

    /// The wire form, as GetQueueAttributes returns it.
    public var json: String {
        JSON.object([
            "deadLetterTargetArn": .string(deadLetterTargetArn),
            "maxReceiveCount": .int(maxReceiveCount),
        ]).compactText
    }
}

/// Which source queues may use a queue as their dead-letter queue: `RedriveAllowPolicy`.
public struct RedriveAllowPolicy: Sendable, Codable, Hashable {
    public enum Permission: String, Sendable, Codable, Hashable {
        case allowAll, denyAll, byQueue
    }

    public var redrivePermission: Permission
    public var sourceQueueArns: [String]

    public init(redrivePermission: Permission, sourceQueueArns: [String] = []) {
        self.redrivePermission = redrivePermission
        self.sourceQueueArns = sourceQueueArns
    }

    public init(json: String) throws(SluiceError) {
        func invalid(_ reason: String) -> SluiceError {
            .invalidParameter("RedriveAllowPolicy", json, reason: reason)
        }
        guard let object = (try? JSON.parse(json))?.objectValue else {
            throw invalid("Redrive allow policy is not a valid JSON map.")
        }
        guard let raw = object["redrivePermission"]?.stringValue, let permission = Permission(rawValue: raw) else {
            throw invalid("redrivePermission must be one of allowAll, denyAll, byQueue.")
        }
        let arns = object["sourceQueueArns"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch permission {
        case .byQueue:
            guard (1...10).contains(arns.count), arns.allSatisfy({ QueueArn($0) != nil }) else {
                throw invalid("sourceQueueArns must list 1 to 10 queue ARNs when redrivePermission is byQueue.")
            }
        case .allowAll, .denyAll:
            guard object["sourceQueueArns"] == nil else {
                throw invalid("sourceQueueArns is only allowed when redrivePermission is byQueue.")
            }
        }
        self.init(redrivePermission: permission, sourceQueueArns: arns)
    }

    public func allows(sourceArn: String) -> Bool {
        switch redrivePermission {
        case .allowAll: true
        case .denyAll: false
        case .byQueue: sourceQueueArns.contains(sourceArn)
        }
    }

    public var json: String {
        var object: JSONObject = ["redrivePermission": .string(redrivePermission.rawValue)]
        if redrivePermission == .byQueue {
            object["sourceQueueArns"] = .array(sourceQueueArns.map(JSON.string))
        }
        return JSON.object(object).compactText
    }
}
