import HTTPTypes
import SluiceStore
import SluiceWorker

enum CreateEventSourceMapping: LambdaAction {
    static let name = "CreateEventSourceMapping"
    static let method = HTTPRequest.Method.post
    static let path = "/2015-03-31/event-source-mappings"

    struct Input: JSONBodyInput {
        var EventSourceArn: String?
        var FunctionName: String?
        var Enabled: Bool?
        var BatchSize: Int?
        var MaximumBatchingWindowInSeconds: Int?
        var FunctionResponseTypes: [String]?
        var ScalingConfig: EventSourceMappingShape.ScalingShape?

        var settings: MappingSettings {
            MappingSettings(
                functionName: FunctionName, enabled: Enabled, batchSize: BatchSize,
                maximumBatchingWindowSeconds: MaximumBatchingWindowInSeconds, functionResponseTypes: FunctionResponseTypes,
                maximumConcurrency: ScalingConfig.map { $0.MaximumConcurrency })
        }
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> EventSourceMappingShape {
        let record = try await context.functions.createEventSourceMapping(eventSourceArn: input.EventSourceArn, settings: input.settings)
        return context.shape(record, state: "Creating", status: 202)
    }
}

extension LambdaRequestContext {
    func shape(_ record: EventSourceMappingRecord, state: String? = nil, status: Int = 200) -> EventSourceMappingShape {
        EventSourceMappingShape(
            record, region: functions.configuration.region, account: functions.configuration.account, state: state, status: status)
    }
}
