import SluiceStore
import SluiceWorkflow

enum DescribeExecution: SFNAction {
    static let name = "DescribeExecution"

    struct Input: Decodable, Sendable {
        var executionArn: String
        var includedData: String?
    }

    struct Output: Encodable, Sendable {
        var executionArn: String
        var stateMachineArn: String
        var name: String
        var status: ExecutionStatus
        var startDate: Double
        var stopDate: Double?
        var input: String
        var inputDetails = DataDetails()
        var output: String?
        var outputDetails: DataDetails?
        var error: String?
        var cause: String?
        var redriveCount: Int
        var redriveDate: Double?
        var redriveStatus: String
        var redriveStatusReason: String?
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        let record = try await context.engine.execution(arn: input.executionArn)
        let redrivable = record.isRedrivable
        return Output(
            executionArn: record.arn, stateMachineArn: record.stateMachineArn, name: record.name, status: record.status,
            startDate: epochSeconds(record.startMillis), stopDate: record.stopMillis.map(epochSeconds), input: record.input,
            output: record.output, outputDetails: record.output == nil ? nil : DataDetails(), error: record.error,
            cause: record.cause, redriveCount: record.redriveCount, redriveDate: record.redriveMillis.map(epochSeconds),
            redriveStatus: redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE",
            redriveStatusReason: redrivable ? nil : record.notRedrivableReason)
    }
}
