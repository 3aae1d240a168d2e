import SluiceStore
import SluiceWorkflow

enum StartSyncExecution: SFNAction {
    static let name = "StartSyncExecution"

    struct Input: Decodable, Sendable {
        var stateMachineArn: String
        var name: String?
        var input: String?
        var traceHeader: String?
        var includedData: String?
    }

    struct Output: Encodable, Sendable {
        var executionArn: String
        var stateMachineArn: String
        var name: String
        var startDate: Double
        var stopDate: Double
        var status: ExecutionStatus
        var error: String?
        var cause: String?
        var input: String
        var inputDetails = DataDetails()
        var output: String?
        var outputDetails: DataDetails?
        var billingDetails: BillingDetails
    }

    struct BillingDetails: Encodable, Sendable {
        var billedMemoryUsedInMB = 64
        var billedDurationInMilliseconds: Int64
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let result = try await context.engine.startSyncExecution(stateMachineArn: input.stateMachineArn, name: input.name, input: input.input)
        return Output(
            executionArn: result.executionArn, stateMachineArn: result.stateMachineArn, name: result.name,
            startDate: epochSeconds(result.startMillis), stopDate: epochSeconds(result.stopMillis), status: result.status,
            error: result.error, cause: result.cause, input: result.input, output: result.output,
            outputDetails: result.output == nil ? nil : DataDetails(),
            billingDetails: BillingDetails(billedDurationInMilliseconds: max(100, result.stopMillis - result.startMillis)))
    }
}

/// `inputDetails` / `outputDetails`: Sluice always includes the data.
struct DataDetails: Encodable, Sendable {
    var included = true
}
