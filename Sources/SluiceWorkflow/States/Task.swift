/// Task: hands its input to a resource (an activity, a function, a queue) and waits for the
/// result.
public struct TaskState: Sendable {
    public enum Seconds: Sendable {
        case fixed(Int)
        case path(JSONPath)
    }

    public var resource: TaskResource
    public var resourceText: String
    public var timeout: Seconds?
    public var heartbeat: Seconds?

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, _ report: inout [DefinitionDiagnostic]) {
        reader.readWorkingStateFields(into: &state, &report)
        let text = reader.requiredString("Resource", &report) ?? ""
        let resource = TaskResource(text)
        if case .unsupported = resource, !text.isEmpty {
            report.append(DefinitionDiagnostic(code: .invalidResource, message: "The resource '\(text)' is not supported by Sluice: use an activity, a Lambda function from the functions: section, or an SQS integration", location: reader.pointer("Resource")))
        }
        let timeout = seconds("TimeoutSeconds", &reader, &report)
        let heartbeat = seconds("HeartbeatSeconds", &reader, &report)
        if case .fixed(let limit)? = timeout, case .fixed(let beat)? = heartbeat, beat >= limit {
            report.append(.schema("HeartbeatSeconds must be smaller than TimeoutSeconds", at: reader.pointer("HeartbeatSeconds")))
        }
        if reader.has("Credentials") {
            _ = reader.value("Credentials")
            report.append(DefinitionDiagnostic(code: .unsupportedFeature, message: "The field 'Credentials' is not supported by Sluice", location: reader.pointer("Credentials")))
        }
        state.kind = .task(TaskState(resource: resource, resourceText: text, timeout: timeout, heartbeat: heartbeat))
    }

    private static func seconds(_ field: String, _ reader: inout DefinitionReader, _ report: inout [DefinitionDiagnostic]) -> Seconds? {
        let fixed = reader.integer(field, in: 1...99_999_999, &report)
        let path = reader.path(field + "Path", &report)
        if fixed != nil, path != nil {
            report.append(.schema("Only one of the fields '\(field)' or '\(field)Path' may be set", at: reader.location))
        }
        if let fixed { return .fixed(fixed) }
        return path.map(Seconds.path)
    }
}

/// What a Task's Resource names, as far as Sluice can run it.
public enum TaskResource: Sendable, Equatable {
    /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`
    case activity(arn: String)
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME` (the payload is the input, the result is
    /// the function's output).
    case function(name: String)
    /// `arn:aws:states:::lambda:invoke` (FunctionName in the parameters; result shaped as
    /// Lambda's Invoke answer); `.waitForTaskToken` waits for SendTaskSuccess.
    case lambdaInvoke(waitForTaskToken: Bool)
    /// `arn:aws:states:::sqs:sendMessage` on Sluice's own queues.
    case sqsSendMessage(waitForTaskToken: Bool)
    case unsupported

    public init(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 6, parts[0] == "arn", parts[1].hasPrefix("aws") else {
            self = .unsupported
            return
        }
        switch (parts[2], parts[5]) {
        case ("states", "activity") where parts.count == 7 && !parts[6].isEmpty:
            self = .activity(arn: text)
        case ("lambda", "function") where parts.count >= 7 && !parts[6].isEmpty:
            self = .function(name: parts[6])
        case ("states", "lambda"):
            self = parts.count == 7 && parts[6] == "invoke" ? .lambdaInvoke(waitForTaskToken: false)
                : parts.count == 7 && parts[6] == "invoke.waitForTaskToken" ? .lambdaInvoke(waitForTaskToken: true)
                : .unsupported
        case ("states", "sqs"):
            self = parts.count == 7 && parts[6] == "sendMessage" ? .sqsSendMessage(waitForTaskToken: false)
                : parts.count == 7 && parts[6] == "sendMessage.waitForTaskToken" ? .sqsSendMessage(waitForTaskToken: true)
                : .unsupported
        default:
            self = .unsupported
        }
    }

    /// The resourceType of Task history events (`lambda`, `sqs`).
    var historyType: String {
        switch self {
        case .activity: "activity"
        case .function, .lambdaInvoke: "lambda"
        case .sqsSendMessage: "sqs"
        case .unsupported: "unknown"
        }
    }
}
