import Foundation
public import SluiceWorkflow
import SluiceCore

/// One AWS Step Functions API action: a typed input, one call into the workflow engine, a
/// typed output.
protocol SFNAction: APIAction where Context == SFNRequestContext, Input: Decodable, Output: Encodable {}

public struct SFNRequestContext: Sendable {
    public let engine: WorkflowEngine
}

enum SFNInput {
    /// Decoding failures as Step Functions reports them: ValidationException naming the member.
    static func translate(_ error: DecodingError) -> SluiceError {
        switch error {
        case .keyNotFound(let key, _):
            return SluiceError(.validation, "1 validation error detected: Value null at '\(key.stringValue)' failed to satisfy constraint: Member must not be null")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let member = context.codingPath.map(\.stringValue).joined(separator: ".")
            return SluiceError(.malformedRequest, "Start of structure or map found where not expected, or a value of the wrong type at '\(member)'")
        case .dataCorrupted:
            return SluiceError(.malformedRequest, "The request body is not valid JSON.")
        @unknown default:
            return SluiceError(.malformedRequest, "The request could not be read.")
        }
    }

    /// A string parameter's length within AWS's bounds, else ValidationException.
    static func check(_ value: String?, _ member: String, max: Int) throws(SluiceError) {
        if let value, value.utf8.count > max {
            throw SluiceError(.validation, "1 validation error detected: Value at '\(member)' failed to satisfy constraint: Member must have length less than or equal to \(max)")
        }
    }

    /// maxResults: 0 means the default (100); 1–1000 otherwise.
    static func pageSize(_ value: Int?) throws(SluiceError) -> Int {
        guard let value, value != 0 else { return 100 }
        guard (1...1000).contains(value) else {
            throw SluiceError(.validation, "1 validation error detected: Value '\(value)' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000")
        }
        return value
    }
}

/// Step Functions dates are epoch seconds with a fraction.
func epochSeconds(_ millis: Int64) -> Double {
    Double(millis) / 1000
}

struct SFNTag: Codable, Sendable {
    var key: String
    var value: String?

    /// Tags as the engine keeps them; a repeated key keeps its last value.
    static func dictionary(_ tags: [SFNTag]?) -> [String: String] {
        Dictionary((tags ?? []).map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { $1 })
    }
}

/// nextToken values: the SQS actions' opaque position, read with Step Functions' error.
enum SFNPageToken {
    static func make(_ position: String) -> String {
        PageToken.make(after: position)
    }

    /// A page of resources listed by ARN (state machines, activities): the ones after the
    /// token's ARN, at most `limit`, and the token for the next page when more remain.
    static func page<Item>(
        of items: [Item], arn: (Item) -> String, token: String?, limit: Int
    ) throws(SluiceError) -> (items: [Item], nextToken: String?) {
        try SFNInput.check(token, "nextToken", max: 1024)
        let after = try read(token)
        let remaining = items.sorted { arn($0) < arn($1) }.filter { item in after.map { arn(item) > $0 } ?? true }
        let page = Array(remaining.prefix(limit))
        return (page, remaining.count > limit ? page.last.map { make(arn($0)) } : nil)
    }

    static func read(_ token: String?) throws(SluiceError) -> String? {
        guard let token else { return nil }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8) else {
            throw SluiceError(.invalidToken, "Invalid Token: '\(token)'")
        }
        return text
    }
}
