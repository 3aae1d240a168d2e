import HTTPTypes
import SluiceWorker

enum DeleteEventSourceMapping: LambdaAction {
    static let name = "DeleteEventSourceMapping"
    static let method = HTTPRequest.Method.delete
    static let path = "/2015-03-31/event-source-mappings/{UUID}"

    typealias Input = GetEventSourceMapping.Input

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> EventSourceMappingShape {
        context.shape(try await context.functions.deleteEventSourceMapping(uuid: input.uuid), state: "Deleting", status: 202)
    }
}
