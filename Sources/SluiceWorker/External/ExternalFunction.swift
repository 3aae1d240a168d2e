/// A function of the config file that is not Lambda code: a local command (the event on
/// stdin, the result on stdout) or an HTTP endpoint (the event POSTed, the result in the body).
public struct ExternalFunction: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case command([String])
        case url(String)
    }

    public var target: Target
    public var timeoutSeconds: Int

    public init(target: Target, timeoutSeconds: Int = 60) {
        self.target = target
        self.timeoutSeconds = timeoutSeconds
    }
}
