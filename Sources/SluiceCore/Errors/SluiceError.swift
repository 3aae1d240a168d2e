/// An error a client can act on: a stable code and a message a person can read.
///
/// The code names the failure the way the AWS APIs do (`QueueDoesNotExist`); how a code is
/// written on the wire (HTTP status, `__type`, query code) is one table in SluiceHTTP.
public struct SluiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension SluiceError.Code {
    // Queue lifecycle
    public static let queueDoesNotExist = Self(rawValue: "QueueDoesNotExist")
    public static let queueNameExists = Self(rawValue: "QueueNameExists")
    public static let queueDeletedRecently = Self(rawValue: "QueueDeletedRecently")
    public static let purgeQueueInProgress = Self(rawValue: "PurgeQueueInProgress")
    // Parameters and attributes
    public static let invalidAttributeName = Self(rawValue: "InvalidAttributeName")
    public static let invalidAttributeValue = Self(rawValue: "InvalidAttributeValue")
    public static let invalidParameterValue = Self(rawValue: "InvalidParameterValue")
    public static let missingParameter = Self(rawValue: "MissingParameter")
    public static let invalidMessageContents = Self(rawValue: "InvalidMessageContents")
    public static let invalidAddress = Self(rawValue: "InvalidAddress")
    public static let unsupportedOperation = Self(rawValue: "UnsupportedOperation")
    public static let overLimit = Self(rawValue: "OverLimit")
    // Messages in flight
    public static let receiptHandleIsInvalid = Self(rawValue: "ReceiptHandleIsInvalid")
    public static let messageNotInflight = Self(rawValue: "MessageNotInflight")
    public static let invalidIdFormat = Self(rawValue: "InvalidIdFormat")
    // Batches
    public static let emptyBatchRequest = Self(rawValue: "EmptyBatchRequest")
    public static let tooManyEntriesInBatchRequest = Self(rawValue: "TooManyEntriesInBatchRequest")
    public static let batchEntryIdsNotDistinct = Self(rawValue: "BatchEntryIdsNotDistinct")
    public static let batchRequestTooLong = Self(rawValue: "BatchRequestTooLong")
    public static let invalidBatchEntryId = Self(rawValue: "InvalidBatchEntryId")
    // Message move tasks, functions
    public static let resourceNotFound = Self(rawValue: "ResourceNotFoundException")
    // Workflows (Step Functions)
    public static let stateMachineDoesNotExist = Self(rawValue: "StateMachineDoesNotExist")
    public static let stateMachineAlreadyExists = Self(rawValue: "StateMachineAlreadyExists")
    public static let stateMachineDeleting = Self(rawValue: "StateMachineDeleting")
    public static let stateMachineTypeNotSupported = Self(rawValue: "StateMachineTypeNotSupported")
    public static let executionDoesNotExist = Self(rawValue: "ExecutionDoesNotExist")
    public static let executionAlreadyExists = Self(rawValue: "ExecutionAlreadyExists")
    public static let executionNotRedrivable = Self(rawValue: "ExecutionNotRedrivable")
    public static let activityDoesNotExist = Self(rawValue: "ActivityDoesNotExist")
    public static let activityAlreadyExists = Self(rawValue: "ActivityAlreadyExists")
    public static let invalidArn = Self(rawValue: "InvalidArn")
    public static let invalidDefinition = Self(rawValue: "InvalidDefinition")
    public static let invalidName = Self(rawValue: "InvalidName")
    public static let invalidExecutionInput = Self(rawValue: "InvalidExecutionInput")
    public static let invalidOutput = Self(rawValue: "InvalidOutput")
    public static let invalidToken = Self(rawValue: "InvalidToken")
    public static let taskDoesNotExist = Self(rawValue: "TaskDoesNotExist")
    public static let taskTimedOut = Self(rawValue: "TaskTimedOut")
    public static let validation = Self(rawValue: "ValidationException")
    public static let tooManyTags = Self(rawValue: "TooManyTags")
    public static let missingRequiredParameter = Self(rawValue: "MissingRequiredParameter")
    public static let resourceNotFoundInWorkflows = Self(rawValue: "ResourceNotFound")
    // Functions (Lambda)
    public static let tooManyRequests = Self(rawValue: "TooManyRequestsException")
    public static let requestEntityTooLarge = Self(rawValue: "RequestEntityTooLargeException")
    public static let invalidRequestContent = Self(rawValue: "InvalidRequestContentException")
    public static let resourceConflict = Self(rawValue: "ResourceConflictException")
    public static let serviceException = Self(rawValue: "ServiceException")
    public static let preconditionFailed = Self(rawValue: "PreconditionFailedException")
    // Protocol level
    public static let invalidAction = Self(rawValue: "InvalidAction")
    public static let malformedRequest = Self(rawValue: "SerializationException")
    public static let requestTooLarge = Self(rawValue: "RequestEntityTooLarge")
    public static let internalFailure = Self(rawValue: "InternalFailure")
    public static let serviceUnavailable = Self(rawValue: "ServiceUnavailable")
}

extension SluiceError {
    public static func queueDoesNotExist() -> SluiceError {
        SluiceError(.queueDoesNotExist, "The specified queue does not exist.")
    }

    public static func invalidParameter(_ name: String, _ value: String, reason: String) -> SluiceError {
        SluiceError(.invalidParameterValue, "Value \(value) for parameter \(name) is invalid. Reason: \(reason)")
    }

    public static func missingParameter(_ name: String) -> SluiceError {
        SluiceError(.missingParameter, "The request must contain the parameter \(name).")
    }
}
