import NIOCore
import SluiceCore

/// One invocation on its way through a pool.
struct PoolInvocation: Sendable {
    /// Lambda's request id (`Lambda-Runtime-Aws-Request-Id`).
    let id: String
    let spec: FunctionSpec
    let payload: ByteBuffer
    /// Decoded `X-Amz-Client-Context` JSON, handed to the worker as `Lambda-Runtime-Client-Context`.
    let clientContext: String?
    let wantsLogTail: Bool
    /// When it entered the pool (epoch ms).
    let arrivedAt: Int64
    /// It fails instead of starting after this (epoch ms).
    let startBy: Int64
    /// Taken from a queue by a poller (an event source, the async or overflow consumer): it
    /// always waits its turn, never overflows and is never refused for lack of room.
    let polled: Bool
    /// Runs only if the pool has room now; otherwise it is handed back at once (an overflowed
    /// invocation, which a consumer with room elsewhere should take instead).
    var requiresRoom = false
    /// Who waits for it, unique in the pool even when two invocations share a request id (a
    /// redelivered event): the key of its caller's continuation. Empty: the request id.
    var waiterKey = ""

    var key: String { waiterKey.isEmpty ? id : waiterKey }
}

/// How an invocation ended for its caller: the function's response (its result, or its error
/// document when `failed`), or a failure of the service (no worker in time, shutting down).
enum InvocationOutcome: Sendable {
    case response(payload: ByteBuffer, failed: Bool, logTail: String?)
    case failure(SluiceError)
}
