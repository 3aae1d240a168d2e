/// What an execution is, as its context object (`$$.Execution`, `$$.StateMachine`) shows it.
public struct ExecutionInfo: Sendable {
    public var executionArn: String
    public var name: String
    public var stateMachineArn: String
    public var stateMachineName: String
    public var roleArn: String
    public var region: String
    public var input: JSON
    public var startMillis: Int64
    public var redriveCount: Int

    public init(executionArn: String, name: String, stateMachineArn: String, stateMachineName: String, roleArn: String, region: String, input: JSON, startMillis: Int64, redriveCount: Int = 0) {
        self.executionArn = executionArn
        self.name = name
        self.stateMachineArn = stateMachineArn
        self.stateMachineName = stateMachineName
        self.roleArn = roleArn
        self.region = region
        self.input = input
        self.startMillis = startMillis
        self.redriveCount = redriveCount
    }
}

/// The context object of one state as it runs.
struct StateContext {
    var stateName: String
    var enteredMillis: Int64
    var retryCount: Int
    var taskToken: String?
    var mapItem: (index: Int, value: JSON)?

    func json(_ info: ExecutionInfo) -> JSON {
        var object: JSONObject = [
            "Execution": [
                "Id": .string(info.executionArn), "Input": info.input, "Name": .string(info.name),
                "RoleArn": .string(info.roleArn), "StartTime": .string(Timestamp.format(millis: info.startMillis)),
                "RedriveCount": .int(info.redriveCount),
            ],
            "StateMachine": ["Id": .string(info.stateMachineArn), "Name": .string(info.stateMachineName)],
            "State": [
                "Name": .string(stateName), "EnteredTime": .string(Timestamp.format(millis: enteredMillis)),
                "RetryCount": .int(retryCount),
            ],
        ]
        if let taskToken { object["Task"] = ["Token": .string(taskToken)] }
        if let mapItem { object["Map"] = ["Item": ["Index": .int(mapItem.index), "Value": mapItem.value]] }
        return .object(object)
    }
}
