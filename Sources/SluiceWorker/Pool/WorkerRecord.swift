/// Answers a worker's pending `GET …/invocation/next`.
typealias RuntimeResponder = @Sendable (RuntimeAPIResponse) -> Void

/// Why the pool ends a worker, or why one ended: the `reason` of the restart metrics.
enum WorkerEndReason: String, Sendable, CaseIterable {
    /// Exited or was killed on its own, while initialised (`crash`).
    case crash
    /// Failed before it was ready: init error, exit during init, init too slow.
    case initFailure = "init_failure"
    /// Went over its function's memory size.
    case outOfMemory = "oom"
    /// Its invocation ran past the function's timeout.
    case timeout
    /// Served its number of invocations, or stayed above the pool's memory mark.
    case recycled
    /// Idle while another function, or a newer revision, needed its slot.
    case retired
    /// The server is shutting down.
    case drained
}

/// One worker process as the pool's state sees it.
struct WorkerRecord: Sendable {
    let id: Int
    let slot: Int
    let spec: FunctionSpec
    let startedAt: Int64
    /// When it first asked for an invocation: its init is done.
    var initializedAt: Int64?
    /// Its outstanding `next`, answered when an invocation is given to it.
    var pendingNext: RuntimeResponder?
    /// The invocation given to it: waiting for its `next`, or running once delivered.
    var current: PoolInvocation?
    var deliveredAt: Int64?
    /// Invocations answered.
    var served = 0
    /// The last invocation it answered, to tell a second answer from an unknown id.
    var lastAnswered: String?
    /// Set once the pool has told it to stop; its slot frees when its process exits.
    var stopping: WorkerEndReason?
    /// Its init failure was recorded already (an init/error, then the exit that follows).
    var initFailureRecorded = false
    var residentBytes = 0

    var isFree: Bool { current == nil && stopping == nil }
    var isRunning: Bool { deliveredAt != nil }
}

/// How a function has been failing, for back-off: a function whose init fails is not started
/// again until `retryAt` (its invocations fail fast with the init error meanwhile); one whose
/// workers crash is restarted later and later.
struct FunctionHealth: Sendable {
    var consecutiveFailures = 0
    var retryAt: Int64 = 0
    /// The error document of the last init failure, while the function is failing at init.
    var initFailure: [UInt8]?

    /// 1 s, 2 s, 4 s … up to 60 s after an init failure.
    static func initBackoffMillis(failures: Int) -> Int64 {
        min(60_000, 1000 << Int64(min(max(failures - 1, 0), 6)))
    }

    /// At once after a first crash; then 1 s, 2 s, 4 s … up to 60 s.
    static func crashBackoffMillis(failures: Int) -> Int64 {
        failures <= 1 ? 0 : min(60_000, 1000 << Int64(min(failures - 2, 6)))
    }
}
