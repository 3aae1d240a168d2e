import SluiceCore
/// One entry of an execution's history, in GetExecutionHistory's shape: `type` is AWS's event
/// type (`PassStateEntered`), `details` the members of its `…EventDetails` object.
public struct HistoryEvent: Sendable {
    public var id: Int
    public var previousEventId: Int
    public var timestampMillis: Int64
    public var type: String
    public var detailsKey: String?
    public var details: JSONObject

    public init(id: Int, previousEventId: Int, timestampMillis: Int64, type: String, detailsKey: String?, details: JSONObject) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestampMillis = timestampMillis
        self.type = type
        self.detailsKey = detailsKey
        self.details = details
    }

    /// `{"stateEnteredEventDetails":{…}}` or `{}`: what the store keeps beside id and type.
    public var detailsText: String {
        guard let detailsKey else { return "{}" }
        return JSON.object([detailsKey: .object(details)]).compactText
    }
}

/// The kinds of events the interpreter writes, with the details each carries.
enum EventKind {
    case executionStarted(input: JSON, roleArn: String)
    case executionSucceeded(output: JSON)
    case executionFailed(StatesError)
    case executionAborted(StatesError?)
    case executionTimedOut
    case executionRedriven(redriveCount: Int)
    case stateEntered(type: String, name: String, input: JSON)
    case stateExited(type: String, name: String, output: JSON)
    case plain(String)
    case mapStateStarted(length: Int)
    case mapIteration(String, name: String, index: Int)
    case mapRunStarted(arn: String)
    case taskScheduled(resourceType: String, resource: String, region: String, parameters: JSON, timeout: Int?, heartbeat: Int?)
    case taskStarted(resourceType: String, resource: String)
    case taskSubmitted(resourceType: String, resource: String, output: JSON)
    case taskSucceeded(resourceType: String, resource: String, output: JSON)
    case taskFailed(resourceType: String, resource: String, StatesError)
    case taskTimedOut(resourceType: String, resource: String, StatesError)
    case activityScheduled(resource: String, input: JSON, timeout: Int?, heartbeat: Int?)
    case activityStarted(workerName: String)
    case activitySucceeded(output: JSON)
    case activityFailed(StatesError)
    case activityTimedOut(StatesError)

    var typeAndDetails: (type: String, key: String?, details: JSONObject) {
        let untruncated: JSON = ["truncated": false]
        func errorDetails(_ error: StatesError?) -> JSONObject {
            var details = JSONObject()
            if let name = error?.name { details["error"] = .string(name) }
            if let cause = error?.cause { details["cause"] = .string(cause) }
            return details
        }
        switch self {
        case .executionStarted(let input, let roleArn):
            return ("ExecutionStarted", "executionStartedEventDetails",
                    ["input": .string(input.compactText), "inputDetails": untruncated, "roleArn": .string(roleArn)])
        case .executionSucceeded(let output):
            return ("ExecutionSucceeded", "executionSucceededEventDetails",
                    ["output": .string(output.compactText), "outputDetails": untruncated])
        case .executionFailed(let error):
            return ("ExecutionFailed", "executionFailedEventDetails", errorDetails(error))
        case .executionAborted(let error):
            return ("ExecutionAborted", "executionAbortedEventDetails", errorDetails(error))
        case .executionTimedOut:
            return ("ExecutionTimedOut", "executionTimedOutEventDetails", [:])
        case .executionRedriven(let count):
            return ("ExecutionRedriven", "executionRedrivenEventDetails", ["redriveCount": .int(count)])
        case .stateEntered(let type, let name, let input):
            return ("\(type)StateEntered", "stateEnteredEventDetails",
                    ["name": .string(name), "input": .string(input.compactText), "inputDetails": untruncated])
        case .stateExited(let type, let name, let output):
            return ("\(type)StateExited", "stateExitedEventDetails",
                    ["name": .string(name), "output": .string(output.compactText), "outputDetails": untruncated])
        case .plain(let type):
            return (type, nil, [:])
        case .mapStateStarted(let length):
            return ("MapStateStarted", "mapStateStartedEventDetails", ["length": .int(length)])
        case .mapIteration(let phase, let name, let index):
            return ("MapIteration\(phase)", "mapIteration\(phase)EventDetails", ["name": .string(name), "index": .int(index)])
        case .mapRunStarted(let arn):
            return ("MapRunStarted", "mapRunStartedEventDetails", ["mapRunArn": .string(arn)])
        case .taskScheduled(let type, let resource, let region, let parameters, let timeout, let heartbeat):
            var details: JSONObject = ["resourceType": .string(type), "resource": .string(resource), "region": .string(region),
                                       "parameters": .string(parameters.compactText)]
            if let timeout { details["timeoutInSeconds"] = .int(timeout) }
            if let heartbeat { details["heartbeatInSeconds"] = .int(heartbeat) }
            return ("TaskScheduled", "taskScheduledEventDetails", details)
        case .taskStarted(let type, let resource):
            return ("TaskStarted", "taskStartedEventDetails", ["resourceType": .string(type), "resource": .string(resource)])
        case .taskSubmitted(let type, let resource, let output):
            return ("TaskSubmitted", "taskSubmittedEventDetails",
                    ["resourceType": .string(type), "resource": .string(resource), "output": .string(output.compactText), "outputDetails": untruncated])
        case .taskSucceeded(let type, let resource, let output):
            return ("TaskSucceeded", "taskSucceededEventDetails",
                    ["resourceType": .string(type), "resource": .string(resource), "output": .string(output.compactText), "outputDetails": untruncated])
        case .taskFailed(let type, let resource, let error):
            var details: JSONObject = ["resourceType": .string(type), "resource": .string(resource)]
            details.merge(errorDetails(error)) { $1 }
            return ("TaskFailed", "taskFailedEventDetails", details)
        case .taskTimedOut(let type, let resource, let error):
            var details: JSONObject = ["resourceType": .string(type), "resource": .string(resource)]
            details.merge(errorDetails(error)) { $1 }
            return ("TaskTimedOut", "taskTimedOutEventDetails", details)
        case .activityScheduled(let resource, let input, let timeout, let heartbeat):
            var details: JSONObject = ["resource": .string(resource), "input": .string(input.compactText), "inputDetails": untruncated]
            if let timeout { details["timeoutInSeconds"] = .int(timeout) }
            if let heartbeat { details["heartbeatInSeconds"] = .int(heartbeat) }
            return ("ActivityScheduled", "activityScheduledEventDetails", details)
        case .activityStarted(let worker):
            return ("ActivityStarted", "activityStartedEventDetails", ["workerName": .string(worker)])
        case .activitySucceeded(let output):
            return ("ActivitySucceeded", "activitySucceededEventDetails", ["output": .string(output.compactText), "outputDetails": untruncated])
        case .activityFailed(let error):
            return ("ActivityFailed", "activityFailedEventDetails", errorDetails(error))
        case .activityTimedOut(let error):
            return ("ActivityTimedOut", "activityTimedOutEventDetails", errorDetails(error))
        }
    }
}
