import HTTPTypes
import SluiceWorker

enum UpdateEventSourceMapping: LambdaAction {
    static let name = "UpdateEventSourceMapping"
    static let method = HTTPRequest.Method.put
    static let path = "/2015-03-31/event-source-mappings/{UUID}"

    struct Input: JSONBodyInput {
        var UUID: String
        var FunctionName: String?
        var Enabled: Bool?
        var BatchSize: Int?
        var MaximumBatchingWindowInSeconds: Int?
        var FunctionResponseTypes: [String]?
        var ScalingConfig: EventSourceMappingShape.ScalingShape?
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> EventSourceMappingShape {
        let before = try context.functions.eventSourceMapping(uuid: input.UUID)
        let settings = MappingSettings(
            functionName: input.FunctionName, enabled: input.Enabled, batchSize: input.BatchSize,
            maximumBatchingWindowSeconds: input.MaximumBatchingWindowInSeconds, functionResponseTypes: input.FunctionResponseTypes,
            maximumConcurrency: input.ScalingConfig.map { $0.MaximumConcurrency })
        let record = try await context.functions.updateEventSourceMapping(uuid: input.UUID, settings: settings)
        let state = record.enabled == before.enabled ? "Updating" : record.enabled ? "Enabling" : "Disabling"
        return context.shape(record, state: state, status: 202)
    }
}
