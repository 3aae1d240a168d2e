/// Every SQS action Sluice answers, by name. A new action is a file in Actions/ and a line here.
enum SQSActions {
    static let all: [String: AnySQSAction] = Dictionary(
        uniqueKeysWithValues: [
            AnySQSAction(AddPermission.self), AnySQSAction(CancelMessageMoveTask.self),
            AnySQSAction(ChangeMessageVisibility.self), AnySQSAction(ChangeMessageVisibilityBatch.self),
            AnySQSAction(CreateQueue.self), AnySQSAction(DeleteMessage.self), AnySQSAction(DeleteMessageBatch.self),
            AnySQSAction(DeleteQueue.self), AnySQSAction(GetQueueAttributes.self), AnySQSAction(GetQueueUrl.self),
            AnySQSAction(ListDeadLetterSourceQueues.self), AnySQSAction(ListMessageMoveTasks.self),
            AnySQSAction(ListQueueTags.self), AnySQSAction(ListQueues.self), AnySQSAction(PurgeQueue.self),
            AnySQSAction(ReceiveMessage.self), AnySQSAction(RemovePermission.self), AnySQSAction(SendMessage.self),
            AnySQSAction(SendMessageBatch.self), AnySQSAction(SetQueueAttributes.self),
            AnySQSAction(StartMessageMoveTask.self), AnySQSAction(TagQueue.self), AnySQSAction(UntagQueue.self),
        ].map { ($0.name, $0) })
}
