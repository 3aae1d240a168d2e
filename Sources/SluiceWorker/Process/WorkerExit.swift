import Foundation

/// How a worker's process ended, as the keeper reported it (its own exit code or signal are
/// the worker's).
enum WorkerExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// In Lambda's words, as in "Runtime exited with error: signal: killed".
    var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "signal: \(Self.signalName(signal))"
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: "killed"
        case SIGTERM: "terminated"
        case SIGABRT: "aborted"
        case SIGSEGV: "segmentation fault"
        case SIGBUS: "bus error"
        case SIGFPE: "floating point exception"
        case SIGILL: "illegal instruction"
        case SIGINT: "interrupt"
        case SIGHUP: "hangup"
        case SIGQUIT: "quit"
        case SIGPIPE: "broken pipe"
        default: "signal \(signal)"
        }
    }
}
