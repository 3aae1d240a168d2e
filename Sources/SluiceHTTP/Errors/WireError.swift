public import SluiceCore

/// How one error code is written on the wire by the AWS protocols.
public struct WireError: Sendable, Hashable {
    /// HTTP status.
    public let status: Int
    /// The legacy query code: `<Code>` in XML and `x-amzn-query-error` with JSON.
    public let queryCode: String
    /// The JSON `__type` shape name (namespace added by the codec).
    public let shape: String
    /// Sender (the client's fault) or Receiver (ours).
    public let senderFault: Bool

    public static func lookup(_ code: SluiceError.Code) -> WireError {
        table[code] ?? WireError(status: 400, queryCode: code.rawValue, shape: code.rawValue, senderFault: true)
    }

    /// The one mapping from Sluice's error codes to AWS's wire errors (AWS's SQS model, its
    /// awsQueryError traits and the common errors of the SQS API reference; Lambda's errors
    /// from its API reference).
    static let table: [SluiceError.Code: WireError] = {
        func sender(_ status: Int, _ query: String, _ shape: String) -> WireError {
            WireError(status: status, queryCode: query, shape: shape, senderFault: true)
        }
        let sqs = "AWS.SimpleQueueService."
        return [
            .queueDoesNotExist: sender(400, sqs + "NonExistentQueue", "QueueDoesNotExist"),
            .queueNameExists: sender(400, "QueueAlreadyExists", "QueueNameExists"),
            .queueDeletedRecently: sender(400, sqs + "QueueDeletedRecently", "QueueDeletedRecently"),
            .purgeQueueInProgress: sender(403, sqs + "PurgeQueueInProgress", "PurgeQueueInProgress"),
            .invalidAttributeName: sender(400, "InvalidAttributeName", "InvalidAttributeName"),
            .invalidAttributeValue: sender(400, "InvalidAttributeValue", "InvalidAttributeValue"),
            .invalidParameterValue: sender(400, "InvalidParameterValue", "InvalidParameterValueException"),
            .missingParameter: sender(400, "MissingParameter", "MissingRequiredParameterException"),
            .invalidMessageContents: sender(400, "InvalidMessageContents", "InvalidMessageContents"),
            .invalidAddress: sender(404, "InvalidAddress", "InvalidAddress"),
            .unsupportedOperation: sender(400, sqs + "UnsupportedOperation", "UnsupportedOperation"),
            .overLimit: sender(403, "OverLimit", "OverLimit"),
            .receiptHandleIsInvalid: sender(404, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid"),
            .messageNotInflight: sender(400, sqs + "MessageNotInflight", "MessageNotInflight"),
            .invalidIdFormat: sender(400, "InvalidIdFormat", "InvalidIdFormat"),
            .emptyBatchRequest: sender(400, sqs + "EmptyBatchRequest", "EmptyBatchRequest"),
            .tooManyEntriesInBatchRequest: sender(
                400, sqs + "TooManyEntriesInBatchRequest", "TooManyEntriesInBatchRequest"),
            .batchEntryIdsNotDistinct: sender(400, sqs + "BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinct"),
            .batchRequestTooLong: sender(400, sqs + "BatchRequestTooLong", "BatchRequestTooLong"),
            .invalidBatchEntryId: sender(400, sqs + "InvalidBatchEntryId", "InvalidBatchEntryId"),
            .resourceNotFound: sender(404, "ResourceNotFoundException", "ResourceNotFoundException"),
            .invalidAction: sender(400, "InvalidAction", "UnknownOperationException"),
            .malformedRequest: sender(400, "SerializationException", "SerializationException"),
            .requestTooLarge: sender(413, "RequestEntityTooLarge", "RequestEntityTooLarge"),
            .tooManyRequests: sender(429, "TooManyRequestsException", "TooManyRequestsException"),
            .requestEntityTooLarge: sender(413, "RequestEntityTooLargeException", "RequestEntityTooLargeException"),
            .invalidRequestContent: sender(400, "InvalidRequestContentException", "InvalidRequestContentException"),
            .resourceConflict: sender(409, "ResourceConflictException", "ResourceConflictException"),
            .preconditionFailed: sender(412, "PreconditionFailedException", "PreconditionFailedException"),
            .serviceException: WireError(
                status: 500, queryCode: "ServiceException", shape: "ServiceException", senderFault: false),
            .internalFailure: WireError(
                status: 500, queryCode: "InternalFailure", shape: "InternalFailure", senderFault: false),
            .serviceUnavailable: WireError(
                status: 503, queryCode: "ServiceUnavailable", shape: "ServiceUnavailable", senderFault: false),
        ]
    }()
}
