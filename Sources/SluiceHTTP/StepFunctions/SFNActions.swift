/// Every Step Functions action Sluice answers, by name.
enum SFNActions {
    static let all: [String: AnySFNAction] = {
        let actions: [AnySFNAction] = [
            AnySFNAction(CreateStateMachine.self), AnySFNAction(DescribeStateMachine.self),
            AnySFNAction(ListStateMachines.self), AnySFNAction(UpdateStateMachine.self),
            AnySFNAction(DeleteStateMachine.self), AnySFNAction(ValidateStateMachineDefinition.self),
            AnySFNAction(StartExecution.self), AnySFNAction(StartSyncExecution.self),
            AnySFNAction(DescribeExecution.self), AnySFNAction(ListExecutions.self),
            AnySFNAction(StopExecution.self), AnySFNAction(RedriveExecution.self),
            AnySFNAction(GetExecutionHistory.self), AnySFNAction(DescribeStateMachineForExecution.self),
            AnySFNAction(TagResource.self), AnySFNAction(UntagResource.self), AnySFNAction(ListTagsForResource.self),
            AnySFNAction(CreateActivity.self), AnySFNAction(DescribeActivity.self), AnySFNAction(ListActivities.self),
            AnySFNAction(DeleteActivity.self), AnySFNAction(GetActivityTask.self), AnySFNAction(SendTaskSuccess.self),
            AnySFNAction(SendTaskFailure.self), AnySFNAction(SendTaskHeartbeat.self),
        ]
        return Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })
    }()
}
