/// Every SQS action Sluice answers, by name. A new action is a file in Actions/ and a line here.
enum SQSActions {
    static let all: [String: AnyJSONAction<SQSRequestContext>] = Dictionary(
        uniqueKeysWithValues: [
            AnyJSONAction(AddPermission.self), AnyJSONAction(CancelMessageMoveTask.self),
            AnyJSONAction(ChangeMessageVisibility.self), AnyJSONAction(ChangeMessageVisibilityBatch.self),
            AnyJSONAction(CreateQueue.self), AnyJSONAction(DeleteMessage.self), AnyJSONAction(DeleteMessageBatch.self),
            AnyJSONAction(DeleteQueue.self), AnyJSONAction(GetQueueAttributes.self), AnyJSONAction(GetQueueUrl.self),
            AnyJSONAction(ListDeadLetterSourceQueues.self), AnyJSONAction(ListMessageMoveTasks.self),
            AnyJSONAction(ListQueueTags.self), AnyJSONAction(ListQueues.self), AnyJSONAction(PurgeQueue.self),
            AnyJSONAction(ReceiveMessage.self), AnyJSONAction(RemovePermission.self), AnyJSONAction(SendMessage.self),
            AnyJSONAction(SendMessageBatch.self), AnyJSONAction(SetQueueAttributes.self),
            AnyJSONAction(StartMessageMoveTask.self), AnyJSONAction(TagQueue.self), AnyJSONAction(UntagQueue.self),
        ].map { ($0.name, $0) })
}
