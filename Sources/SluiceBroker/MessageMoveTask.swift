import Foundation
import SluiceCore

/// A redrive out of a dead-letter queue (StartMessageMoveTask).
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
    /// Messages the rate allows but not yet moved.
    var budget: Double = 0
    var lastTick: Int64

    /// Without a rate, a task moves this many messages a second.
    static let defaultRate = 500

    var rate: Int { maxNumberOfMessagesPerSecond ?? Self.defaultRate }

    static func makeHandle(sourceArn: String) -> String {
        let json = JSONValue.object([
            "taskId": .string(UUID().uuidString.lowercased()), "sourceArn": .string(sourceArn),
        ]).compactText()
        return Data(json.utf8).base64EncodedString()
    }

    /// Whether `text` has the shape of a task handle.
    static func isWellFormed(_ text: String) -> Bool {
        guard let data = Data(base64Encoded: text),
            let object = (try? JSONValue.parse(String(decoding: data, as: UTF8.self)))?.objectValue
        else { return false }
        return object["taskId"]?.stringValue != nil && object["sourceArn"]?.stringValue != nil
    }
}

/// Every move task of this broker, oldest first.
struct MoveTaskBoard {
    var tasks: [MessageMoveTask] = []

    var running: [MessageMoveTask] { tasks.filter { $0.status == .running } }

    mutating func update(_ task: MessageMoveTask) {
        if let index = tasks.firstIndex(where: { $0.handle == task.handle }) {
            tasks[index] = task
        }
    }
}
