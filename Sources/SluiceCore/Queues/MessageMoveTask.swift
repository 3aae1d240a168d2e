import Foundation

/// A redrive out of a dead-letter queue (StartMessageMoveTask), as the store keeps it.
public struct MessageMoveTask: Sendable, Hashable {
    public enum Status: String, Sendable {
        case running = "RUNNING", completed = "COMPLETED", cancelling = "CANCELLING", cancelled = "CANCELLED"
        case failed = "FAILED"
    }

    public var handle: String
    public var sourceArn: String
    public var destinationArn: String?
    public var maxNumberOfMessagesPerSecond: Int?
    public var status: Status
    public var moved: Int
    public var toMove: Int
    public var failureReason: String?
    /// Epoch milliseconds.
    public var startedAt: Int64

    /// How many tasks of one source queue are kept: ListMessageMoveTasks returns at most ten.
    public static let keptPerSource = 10

    public init(
        handle: String, sourceArn: String, destinationArn: String?, maxNumberOfMessagesPerSecond: Int?,
        status: Status, moved: Int, toMove: Int, failureReason: String? = nil, startedAt: Int64
    ) {
        self.handle = handle
        self.sourceArn = sourceArn
        self.destinationArn = destinationArn
        self.maxNumberOfMessagesPerSecond = maxNumberOfMessagesPerSecond
        self.status = status
        self.moved = moved
        self.toMove = toMove
        self.failureReason = failureReason
        self.startedAt = startedAt
    }

    public static func makeHandle(sourceArn: String) -> String {
        let json = JSON.object([
            "taskId": .string(UUID().uuidString.lowercased()), "sourceArn": .string(sourceArn),
        ]).compactText
        return Data(json.utf8).base64EncodedString()
    }

    /// Whether `text` has the shape of a task handle.
    public static func isWellFormed(_ text: String) -> Bool {
        guard let data = Data(base64Encoded: text),
            let object = (try? JSON.parse(String(decoding: data, as: UTF8.self)))?.objectValue
        else { return false }
        return object["taskId"]?.stringValue != nil && object["sourceArn"]?.stringValue != nil
    }
}
