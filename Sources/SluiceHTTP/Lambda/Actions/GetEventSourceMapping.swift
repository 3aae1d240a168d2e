import HTTPTypes
import SluiceWorker

enum GetEventSourceMapping: LambdaAction {
    static let name = "GetEventSourceMapping"
    static let method = HTTPRequest.Method.get
    static let path = "/2015-03-31/event-source-mappings/{UUID}"

    struct Input: RESTDecodable {
        var uuid: String

        init(request: RESTRequest) throws {
            uuid = request.path("UUID")
        }
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> EventSourceMappingShape {
        context.shape(try context.functions.eventSourceMapping(uuid: input.uuid))
    }
}
