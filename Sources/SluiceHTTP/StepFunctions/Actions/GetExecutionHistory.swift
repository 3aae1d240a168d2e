import SluiceCore
import SluiceStore
import SluiceWorkflow

enum GetExecutionHistory: SFNAction {
    static let name = "GetExecutionHistory"

    struct Input: Decodable, Sendable {
        var executionArn: String
        var maxResults: Int?
        var reverseOrder: Bool?
        var nextToken: String?
        var includeExecutionData: Bool?
    }

    /// An event: the fixed members plus its `…EventDetails` member, copied from the store.
    struct Event: Encodable, Sendable {
        var record: HistoryEventRecord
        /// includeExecutionData false leaves inputs and outputs out of the details, as AWS does.
        var includeData = true

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(epochSeconds(record.timestampMillis), forKey: Key("timestamp"))
            try container.encode(record.type, forKey: Key("type"))
            try container.encode(record.id, forKey: Key("id"))
            try container.encode(record.previousEventId, forKey: Key("previousEventId"))
            if case .object(let details)? = try? JSON.parse(record.details) {
                for (key, value) in details {
                    guard !includeData, case .object(var members) = value else {
                        try container.encode(value, forKey: Key(key))
                        continue
                    }
                    for omitted in ["input", "output", "inputDetails", "outputDetails", "parameters"] {
                        members[omitted] = nil
                    }
                    try container.encode(JSON.object(members), forKey: Key(key))
                }
            }
        }
    }

    struct Output: Encodable, Sendable {
        var events: [Event]
        var nextToken: String?
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let limit = try SFNInput.pageSize(input.maxResults)
        var afterId: Int?
        if let position = try SFNPageToken.read(input.nextToken) {
            guard let id = Int(position) else { throw SluiceError(.invalidToken, "Invalid Token: '\(input.nextToken ?? "")'") }
            afterId = id
        }
        let reverse = input.reverseOrder ?? false
        let page = try await context.engine.history(executionArn: input.executionArn, afterId: afterId, limit: limit + 1, reverse: reverse)
        let shown = page.prefix(limit)
        return Output(
            events: shown.map { Event(record: $0, includeData: input.includeExecutionData ?? true) },
            nextToken: page.count > limit ? shown.last.map { SFNPageToken.make(String($0.id)) } : nil)
    }
}
