import Foundation
import SluiceCore

/// A saturated pool's invocation on its way through the overflow queue: enough for any pool of
/// the same name, on this node or in a `sluice worker` elsewhere, to run it and answer.
struct OverflowEnvelope: Sendable, Equatable {
    /// The waiting caller's invocation id on the origin node.
    var replyId: String
    /// Lambda's request id, which the handler sees as on the origin (nil: a new one).
    var requestId: String?
    var pool: String
    var function: String
    var revision: String
    var payload: String
    var clientContext: String?
    var wantsLogTail: Bool
    /// It fails instead of starting after this (epoch ms).
    var deadline: Int64
    /// The queue the answer goes to (a URL), when the origin is not the consumer's node.
    var replyTo: String
    /// The node that waits for the answer.
    var origin: String

    var json: JSON {
        var object: JSONObject = [
            "v": 1, "replyId": .string(replyId), "pool": .string(pool), "function": .string(function),
            "revision": .string(revision), "payload": .string(payload), "wantsLogTail": .bool(wantsLogTail),
            "deadline": .int(Int(deadline)), "replyTo": .string(replyTo), "origin": .string(origin),
        ]
        if let clientContext { object["clientContext"] = .string(clientContext) }
        if let requestId { object["requestId"] = .string(requestId) }
        return .object(object)
    }

    init(
        replyId: String, requestId: String?, pool: String, function: String, revision: String, payload: String,
        clientContext: String?, wantsLogTail: Bool, deadline: Int64, replyTo: String, origin: String
    ) {
        self.replyId = replyId
        self.requestId = requestId
        self.pool = pool
        self.function = function
        self.revision = revision
        self.payload = payload
        self.clientContext = clientContext
        self.wantsLogTail = wantsLogTail
        self.deadline = deadline
        self.replyTo = replyTo
        self.origin = origin
    }

    init?(_ text: String) {
        guard case .object(let object)? = try? JSON.parse(text), object["v"] == 1,
            case .string(let replyId)? = object["replyId"], case .string(let pool)? = object["pool"],
            case .string(let function)? = object["function"], case .string(let revision)? = object["revision"],
            case .string(let payload)? = object["payload"], let deadline = object["deadline"]?.wholeNumber,
            case .string(let replyTo)? = object["replyTo"], case .string(let origin)? = object["origin"]
        else { return nil }
        self.init(
            replyId: replyId, requestId: object["requestId"]?.stringValue, pool: pool, function: function,
            revision: revision, payload: payload, clientContext: object["clientContext"]?.stringValue, wantsLogTail: object["wantsLogTail"] == true,
            deadline: Int64(deadline), replyTo: replyTo, origin: origin)
    }
}

/// The answer to an overflowed invocation.
struct OverflowReply: Sendable, Equatable {
    var replyId: String
    var pool: String
    var outcome: Outcome

    enum Outcome: Sendable, Equatable {
        case response(payload: String, failed: Bool, logTail: String?)
        case failure(code: String, message: String)
    }

    var json: JSON {
        var object: JSONObject = ["v": 1, "replyId": .string(replyId), "pool": .string(pool)]
        switch outcome {
        case .response(let payload, let failed, let logTail):
            object["payload"] = .string(payload)
            object["failed"] = .bool(failed)
            if let logTail { object["logTail"] = .string(logTail) }
        case .failure(let code, let message):
            object["error"] = ["code": .string(code), "message": .string(message)]
        }
        return .object(object)
    }

    init(replyId: String, pool: String, outcome: Outcome) {
        self.replyId = replyId
        self.pool = pool
        self.outcome = outcome
    }

    init?(_ text: String) {
        guard case .object(let object)? = try? JSON.parse(text), object["v"] == 1,
            case .string(let replyId)? = object["replyId"], case .string(let pool)? = object["pool"]
        else { return nil }
        self.replyId = replyId
        self.pool = pool
        if case .object(let error)? = object["error"], case .string(let code)? = error["code"] {
            outcome = .failure(code: code, message: error["message"]?.stringValue ?? "")
        } else if case .string(let payload)? = object["payload"] {
            outcome = .response(payload: payload, failed: object["failed"] == true, logTail: object["logTail"]?.stringValue)
        } else {
            return nil
        }
    }
}

/// One overflowed invocation as a consumer received it.
struct OverflowDelivery: Sendable {
    var envelope: OverflowEnvelope
    /// Its message's receipt handle.
    var handle: String
}

/// How a pool reaches its overflow queue: in this process through the broker, or in a remote
/// `sluice worker` through the SQS API.
protocol OverflowTransport: Sendable {
    /// The node this transport speaks for (the origin of what it sends).
    var node: String { get }
    /// Sends a saturated invocation; throws when it cannot be queued.
    func send(_ envelope: OverflowEnvelope) async throws
    /// Long-polls for up to `count` overflowed invocations.
    func receive(upTo count: Int, waitSeconds: Int) async throws -> [OverflowDelivery]
    /// Answers an overflowed invocation (to its origin's reply queue, unless the origin is
    /// this node, whose waiting caller `answerLocally` reaches) and deletes its message.
    func finish(_ delivery: OverflowDelivery, reply: OverflowReply) async
    /// Makes an overflowed invocation visible again at once (shutdown).
    func release(_ delivery: OverflowDelivery) async
}

/// Finds what a worker of an overflowed invocation's function runs.
protocol FunctionResolving: Sendable {
    /// The spec of `function` at `revision`; throws a SluiceError when it is gone or changed.
    func spec(function: String, revision: String) async throws -> FunctionSpec
}

/// What a pool with an overflow queue needs: where to send and receive, what its answers'
/// queue is, and how to find a function's spec.
struct OverflowLink: Sendable {
    let transport: any OverflowTransport
    let resolver: any FunctionResolving
    /// The URL of the queue answers to this node's overflowed invocations come back on.
    let replyTo: String
}

extension InvocationOutcome {
    /// The answer an overflowed invocation's origin gets.
    func reply(to replyId: String, pool: String) -> OverflowReply {
        switch self {
        case .response(let payload, let failed, let logTail):
            OverflowReply(replyId: replyId, pool: pool, outcome: .response(payload: String(buffer: payload), failed: failed, logTail: logTail))
        case .failure(let error):
            OverflowReply(replyId: replyId, pool: pool, outcome: .failure(code: error.code.rawValue, message: error.message))
        }
    }

    init(_ reply: OverflowReply.Outcome) {
        switch reply {
        case .response(let payload, let failed, let logTail):
            self = .response(payload: ByteBuffer(string: payload), failed: failed, logTail: logTail)
        case .failure(let code, let message):
            self = .failure(SluiceError(SluiceError.Code(rawValue: code), message))
        }
    }
}

import NIOCore
