import SluiceCore
import SluiceStore
import SluiceWorkflow

enum ListExecutions: SFNAction {
    static let name = "ListExecutions"

    struct Input: Decodable, Sendable {
        var stateMachineArn: String?
        var statusFilter: String?
        var maxResults: Int?
        var nextToken: String?
        var mapRunArn: String?
        var redriveFilter: String?
    }

    struct Item: Encodable, Sendable {
        var executionArn: String
        var stateMachineArn: String
        var name: String
        var status: ExecutionStatus
        var startDate: Double
        var stopDate: Double?
        var redriveCount: Int
        var redriveDate: Double?
    }

    struct Output: Encodable, Sendable {
        var executions: [Item]
        var nextToken: String?
    }

    /// The statuses in the order AWS's validation message lists them.
    static let statuses: [ExecutionStatus] = [.succeeded, .timedOut, .pendingRedrive, .aborted, .failed, .running]

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        guard let machine = input.stateMachineArn else {
            throw SluiceError(.validation, "Must provide a StateMachine ARN or MapRun ARN")
        }
        var status: ExecutionStatus?
        if let filter = input.statusFilter {
            guard let known = ExecutionStatus(rawValue: filter) else {
                throw SluiceError(.validation, "1 validation error detected: Value '\(filter)' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [\(statuses.map(\.rawValue).joined(separator: ", "))]")
            }
            status = known
        }
        let limit = try SFNInput.pageSize(input.maxResults)
        try SFNInput.check(input.nextToken, "nextToken", max: 3096)
        var after: (startMillis: Int64, arn: String)?
        if let position = try SFNPageToken.read(input.nextToken) {
            let parts = position.split(separator: "|", maxSplits: 1)
            guard parts.count == 2, let millis = Int64(parts[0]) else {
                throw SluiceError(.invalidToken, "Invalid Token: '\(input.nextToken ?? "")'")
            }
            after = (millis, String(parts[1]))
        }
        let page = try await context.engine.executions(ExecutionQuery(stateMachineArn: machine, status: status, after: after, limit: limit + 1))
        let shown = page.prefix(limit)
        let next = page.count > limit ? shown.last.map { SFNPageToken.make("\($0.startMillis)|\($0.arn)") } : nil
        return Output(
            executions: shown.map {
                Item(executionArn: $0.arn, stateMachineArn: $0.stateMachineArn, name: $0.name, status: $0.status,
                     startDate: epochSeconds($0.startMillis), stopDate: $0.stopMillis.map(epochSeconds),
                     redriveCount: $0.redriveCount, redriveDate: $0.redriveMillis.map(epochSeconds))
            },
            nextToken: next)
    }
}
