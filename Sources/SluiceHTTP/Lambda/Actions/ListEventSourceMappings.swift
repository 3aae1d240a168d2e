import HTTPTypes
import SluiceCore
import SluiceWorker

enum ListEventSourceMappings: LambdaAction {
    static let name = "ListEventSourceMappings"
    static let method = HTTPRequest.Method.get
    static let path = "/2015-03-31/event-source-mappings"

    struct Input: RESTDecodable {
        var eventSourceArn: String?
        var functionName: String?
        var marker: String?
        var maxItems: Int?

        init(request: RESTRequest) throws {
            eventSourceArn = request.query["EventSourceArn"]
            functionName = request.query["FunctionName"]
            marker = request.query["Marker"]
            maxItems = try request.integer("MaxItems")
        }
    }

    struct Output: JSONBodyOutput {
        static let status = 200
        var EventSourceMappings: [EventSourceMappingShape]
        var NextMarker: String?
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> Output {
        let limit = input.maxItems ?? 100
        guard (1...10_000).contains(limit) else {
            throw SluiceError(.validation, "1 validation error detected: Value '\(limit)' at 'maxItems' failed to satisfy constraint: Member must have value \(limit < 1 ? "greater than or equal to 1" : "less than or equal to 10000")")
        }
        let all = try context.functions.listEventSourceMappings(eventSourceArn: input.eventSourceArn, functionName: input.functionName)
        // The marker is the UUID the previous page ended with.
        let start = input.marker.flatMap { marker in all.firstIndex { $0.uuid == marker }.map { $0 + 1 } } ?? 0
        let page = Array(all.dropFirst(start).prefix(limit))
        return Output(
            EventSourceMappings: page.map { context.shape($0) },
            NextMarker: start + page.count < all.count ? page.last?.uuid : nil)
    }
}
