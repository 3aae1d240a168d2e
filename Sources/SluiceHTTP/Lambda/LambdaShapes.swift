import Foundation
import SluiceStore

/// A function's configuration as Lambda's API writes it (FunctionConfiguration).
struct FunctionConfigurationShape: Encodable, Sendable {
    struct EnvironmentShape: Encodable, Sendable {
        var Variables: [String: String]
    }

    struct TracingShape: Encodable, Sendable {
        var Mode = "PassThrough"
    }

    struct StorageShape: Encodable, Sendable {
        var Size = 512
    }

    struct SnapStartShape: Encodable, Sendable {
        var ApplyOn = "None"
        var OptimizationStatus = "Off"
    }

    struct LoggingShape: Encodable, Sendable {
        var LogFormat = "Text"
        var LogGroup: String
    }

    struct RuntimeVersionShape: Encodable, Sendable {
        var RuntimeVersionArn: String
    }

    var FunctionName: String
    var FunctionArn: String
    var Runtime: String
    var Role: String
    var Handler: String
    var CodeSize: Int
    var Description: String
    var Timeout: Int
    var MemorySize: Int
    var LastModified: String
    var CodeSha256: String
    var Version = "$LATEST"
    var Environment: EnvironmentShape?
    var TracingConfig = TracingShape()
    var RevisionId: String
    var State = "Active"
    var LastUpdateStatus = "Successful"
    var PackageType = "Zip"
    var Architectures = ["x86_64"]
    var EphemeralStorage = StorageShape()
    var SnapStart = SnapStartShape()
    var LoggingConfig: LoggingShape

    init(_ record: FunctionRecord) {
        FunctionName = record.name
        FunctionArn = record.arn
        Runtime = record.runtime
        Role = record.role
        Handler = record.handler
        CodeSize = record.codeSize
        Description = record.description
        Timeout = record.timeoutSeconds
        MemorySize = record.memoryMB
        LastModified = Self.timestamp(record.lastModifiedMillis)
        CodeSha256 = record.codeSha256
        Environment = record.environment.isEmpty ? nil : EnvironmentShape(Variables: record.environment)
        RevisionId = record.revisionId
        LoggingConfig = LoggingShape(LogGroup: "/aws/lambda/\(record.name)")
    }

    /// `2024-01-15T10:20:30.123+0000`, as Lambda writes LastModified.
    static func timestamp(_ millis: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}

/// An answer that is one FunctionConfiguration: 201 for CreateFunction, 200 otherwise.
struct ConfigurationOutput: RESTEncodable {
    var status = 200
    let configuration: FunctionConfigurationShape

    init(_ record: FunctionRecord, status: Int = 200) {
        self.status = status
        configuration = FunctionConfigurationShape(record)
    }

    func response() throws -> WireResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return WireResponse(status: status, contentType: "application/json", body: try encoder.encode(configuration))
    }
}

/// An event source mapping as Lambda's API writes it (EventSourceMappingConfiguration).
struct EventSourceMappingShape: JSONBodyOutput {
    struct ScalingShape: Codable, Sendable {
        var MaximumConcurrency: Int?
    }

    static let status = 200
    var status: Int
    var UUID: String
    var BatchSize: Int
    var MaximumBatchingWindowInSeconds: Int
    var EventSourceArn: String
    var FunctionArn: String
    var LastModified: Double
    var State: String
    var StateTransitionReason = "USER_INITIATED"
    var FunctionResponseTypes: [String]
    var ScalingConfig: ScalingShape?
    var EventSourceMappingArn: String

    /// `state` overrides the settled state (Creating, Updating, Deleting … as AWS answers
    /// the action that changed it).
    init(_ record: EventSourceMappingRecord, region: String, account: String, state: String? = nil, status: Int = 200) {
        self.status = status
        UUID = record.uuid
        BatchSize = record.batchSize
        MaximumBatchingWindowInSeconds = record.maximumBatchingWindowSeconds
        EventSourceArn = record.eventSourceArn
        FunctionArn = record.functionArn
        LastModified = Double(record.lastModifiedMillis) / 1000
        State = state ?? (record.enabled ? "Enabled" : "Disabled")
        FunctionResponseTypes = record.functionResponseTypes
        ScalingConfig = record.maximumConcurrency.map { ScalingShape(MaximumConcurrency: $0) }
        EventSourceMappingArn = "arn:aws:lambda:\(region):\(account):event-source-mapping:\(record.uuid)"
    }

    enum CodingKeys: String, CodingKey {
        case UUID, BatchSize, MaximumBatchingWindowInSeconds, EventSourceArn, FunctionArn, LastModified, State,
            StateTransitionReason, FunctionResponseTypes, ScalingConfig, EventSourceMappingArn
    }

    func response() throws -> WireResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return WireResponse(status: status, contentType: "application/json", body: try encoder.encode(self))
    }
}
