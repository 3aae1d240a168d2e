import Foundation
public import SluiceBroker
import SluiceCore

/// One Amazon SQS API action: a typed input decoded from either protocol (AWS JSON 1.0 or the
/// query protocol, whose form becomes the same JSON), one call into the broker, a typed output.
protocol SQSAction: APIAction where Context == SQSRequestContext, Input: Decodable, Output: Encodable {}

/// What an action knows about the request besides its parameters.
public struct SQSRequestContext: Sendable {
    public let broker: Broker
    /// The account the caller acts as (the default account until credentials map to accounts).
    public let account: String
    /// The access key from the Authorization header, reported as SenderId.
    public let senderId: String
    /// `http://host:port` as queue URLs should show it.
    public let baseURL: String
    /// The queue named by the request path (query protocol posts to the queue URL).
    public let pathQueue: (account: String, name: String)?

    /// The queue a `QueueUrl` parameter names, falling back to the request path.
    func queue(_ url: String?) throws(SluiceError) -> Queue {
        if let url {
            guard let parsed = QueueURL.parse(url) else {
                throw SluiceError(.invalidAddress, "The address \(url) is not valid for this endpoint.")
            }
            return try broker.queue(account: parsed.account, name: parsed.name)
        }
        guard let pathQueue else { throw SluiceError.missingParameter("QueueUrl") }
        return try broker.queue(account: pathQueue.account, name: pathQueue.name)
    }

    func url(of queue: Queue) -> String {
        "\(baseURL)/\(queue.account)/\(queue.name)"
    }
}

/// Queue URLs are `http://HOST:PORT/ACCOUNT/NAME`; only the path matters, so a URL built with
/// any host name reaches the same queue.
enum QueueURL {
    static func parse(_ url: String) -> (account: String, name: String)? {
        var path = Substring(url)
        if let hostStart = schemeEnd(path.utf8) {
            path = path[hostStart...]
            guard let slash = path.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
            path = path[slash...]
        }
        if let query = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = path[..<query] }
        let parts = path.utf8.split(separator: UInt8(ascii: "/"))
        guard parts.count == 2 else { return nil }
        return (String(Substring(parts[0])), String(Substring(parts[1])))
    }

    /// Where what follows `scheme://` starts, if there is a `://`.
    private static func schemeEnd(_ utf8: Substring.UTF8View) -> Substring.Index? {
        var index = utf8.startIndex
        while let colon = utf8[index...].firstIndex(of: UInt8(ascii: ":")) {
            let rest = utf8[utf8.index(after: colon)...]
            if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) { return utf8.index(colon, offsetBy: 3) }
            index = utf8.index(after: colon)
        }
        return nil
    }
}

extension AnyJSONAction where Context == SQSRequestContext {
    /// The hot actions' inputs are read straight from the parsed tree (`FastDecodable`); the
    /// rest, and any request the fast path declines, through Codable.
    init<Action: SQSAction>(_ action: Action.Type) {
        name = Action.name
        run = { body, context in
            if let fast = Action.Input.self as? any FastDecodable.Type, let tree = FastInputParser.parse(body),
                let input = fast.init(fast: tree) as? Action.Input
            {
                return try await Action.run(input, context)
            }
            let input = try SQSInputDecoder.decode(Action.Input.self, from: body)
            return try await Action.run(input, context)
        }
    }
}

enum SQSInputDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
        do {
            return try AWSJSONProtocol.decode(T.self, from: body)
        } catch let error as DecodingError {
            throw Self.translate(error)
        }
    }

    /// Decoding failures in AWS's words: a missing member is MissingParameter, anything else
    /// a SerializationException naming the member.
    static func translate(_ error: DecodingError) -> SluiceError {
        switch error {
        case .keyNotFound(let key, _):
            return .missingParameter(key.stringValue)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let member = context.codingPath.map(\.stringValue).filter { Int($0) == nil }.joined(separator: ".")
            return SluiceError(.malformedRequest, "Value for \(member) can not be converted to \(type).")
        case .dataCorrupted(let context):
            if let member = context.codingPath.last?.stringValue {
                return SluiceError(.malformedRequest, "Value for \(member) is not valid: \(context.debugDescription)")
            }
            return SluiceError(.malformedRequest, "The request body is not valid JSON.")
        @unknown default:
            return SluiceError(.malformedRequest, "The request could not be read.")
        }
    }
}
