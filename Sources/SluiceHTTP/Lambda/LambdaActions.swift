import HTTPTypes

/// Every Lambda action Sluice answers: a new action is a file in Actions/ and a line here.
enum LambdaActions {
    static let all: [AnyLambdaAction] = [
        AnyLambdaAction(CreateFunction.self), AnyLambdaAction(GetFunction.self),
        AnyLambdaAction(GetFunctionConfiguration.self), AnyLambdaAction(ListFunctions.self),
        AnyLambdaAction(UpdateFunctionCode.self), AnyLambdaAction(UpdateFunctionConfiguration.self),
        AnyLambdaAction(DeleteFunction.self), AnyLambdaAction(Invoke.self),
        AnyLambdaAction(CreateEventSourceMapping.self), AnyLambdaAction(GetEventSourceMapping.self),
        AnyLambdaAction(ListEventSourceMappings.self), AnyLambdaAction(UpdateEventSourceMapping.self),
        AnyLambdaAction(DeleteEventSourceMapping.self),
    ]

    /// The action at `method` and `path`, and the path's members.
    static func route(method: HTTPRequest.Method, path: String) -> (AnyLambdaAction, [String: String])? {
        let segments = path.split(separator: "/")
        for action in all where action.method == method {
            if let parameters = action.match(segments) { return (action, parameters) }
        }
        return nil
    }
}
