import HTTPTypes
import SluiceCore
import SluiceWorker

enum ListFunctions: LambdaAction {
    static let name = "ListFunctions"
    static let method = HTTPRequest.Method.get
    static let path = "/2015-03-31/functions"

    struct Input: RESTDecodable {
        var marker: String?
        var maxItems: Int?

        init(request: RESTRequest) throws {
            marker = request.query["Marker"]
            maxItems = try request.integer("MaxItems")
        }
    }

    struct Output: JSONBodyOutput {
        static let status = 200
        var Functions: [FunctionConfigurationShape]
        var NextMarker: String?
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> Output {
        let limit = input.maxItems ?? 50
        guard (1...10_000).contains(limit) else {
            throw SluiceError(.validation, "1 validation error detected: Value '\(limit)' at 'maxItems' failed to satisfy constraint: Member must have value \(limit < 1 ? "greater than or equal to 1" : "less than or equal to 10000")")
        }
        let all = context.functions.listFunctions()
        // The marker is the last name of the previous page.
        let remaining = input.marker.map { marker in all.filter { $0.name > marker } } ?? all
        let page = Array(remaining.prefix(limit))
        return Output(
            Functions: page.map(FunctionConfigurationShape.init),
            NextMarker: remaining.count > limit ? page.last?.name : nil)
    }
}
