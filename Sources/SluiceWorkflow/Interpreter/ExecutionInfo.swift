import SluiceCore
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

extension ExecutionInfo {
    /// `$$.Execution` and `$$.StateMachine`: the same for every state of a run, built once.
    var contextBase: JSONObject {
        [
            "Execution": [
                "Id": .string(executionArn), "Input": input, "Name": .string(name), "RoleArn": .string(roleArn),
                "StartTime": .string(Timestamp.format(millis: startMillis)), "RedriveCount": .int(redriveCount),
            ],
            "StateMachine": ["Id": .string(stateMachineArn), "Name": .string(stateMachineName)],
        ]
    }
}

/// The context object of one state as it runs.
struct StateContext {
    var stateName: String
    var enteredMillis: Int64
    var retryCount: Int
    var taskToken: String?
    var mapItem: (index: Int, value: JSON)?

    /// The context object: `base` (the execution's part, `ExecutionInfo.contextBase`) plus
    /// this state's.
    func json(_ base: JSONObject) -> JSON {
        var object = base
        object["State"] = [
            "Name": .string(stateName), "EnteredTime": .string(Timestamp.format(millis: enteredMillis)),
            "RetryCount": .int(retryCount),
        ]
        if let taskToken { object["Task"] = ["Token": .string(taskToken)] }
        if let mapItem { object["Map"] = ["Item": ["Index": .int(mapItem.index), "Value": mapItem.value]] }
        return .object(object)
    }
}
