/// Where an execution stands, with Step Functions' names on the wire and in the store.
public enum ExecutionStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case running = "RUNNING"
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
    case pendingRedrive = "PENDING_REDRIVE"

    /// The statuses RedriveExecution resumes from.
    public static let redrivable: [ExecutionStatus] = [.failed, .aborted, .timedOut]

    public var isRedrivable: Bool { Self.redrivable.contains(self) }
}

/// A stored row that no version of Sluice could have written; the message names it.
public struct StoreCorruptionError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
