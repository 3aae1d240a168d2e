/// Every Step Functions action Sluice answers, by name.
enum SFNActions {
    static let all: [String: AnyJSONAction<SFNRequestContext>] = {
        let actions: [AnyJSONAction<SFNRequestContext>] = [
            AnyJSONAction(CreateStateMachine.self), AnyJSONAction(DescribeStateMachine.self),
            AnyJSONAction(ListStateMachines.self), AnyJSONAction(UpdateStateMachine.self),
            AnyJSONAction(DeleteStateMachine.self), AnyJSONAction(ValidateStateMachineDefinition.self),
            AnyJSONAction(StartExecution.self), AnyJSONAction(StartSyncExecution.self),
            AnyJSONAction(DescribeExecution.self), AnyJSONAction(ListExecutions.self),
            AnyJSONAction(StopExecution.self), AnyJSONAction(RedriveExecution.self),
            AnyJSONAction(GetExecutionHistory.self), AnyJSONAction(DescribeStateMachineForExecution.self),
            AnyJSONAction(TagResource.self), AnyJSONAction(UntagResource.self), AnyJSONAction(ListTagsForResource.self),
            AnyJSONAction(CreateActivity.self), AnyJSONAction(DescribeActivity.self), AnyJSONAction(ListActivities.self),
            AnyJSONAction(DeleteActivity.self), AnyJSONAction(GetActivityTask.self), AnyJSONAction(SendTaskSuccess.self),
            AnyJSONAction(SendTaskFailure.self), AnyJSONAction(SendTaskHeartbeat.self),
        ]
        return Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })
    }()
}
