import Foundation

/// A state machine's logging settings: kept and returned; Sluice writes its own logs.
struct LoggingConfiguration: Codable, Sendable {
    var level: String? = "OFF"
    var includeExecutionData: Bool? = false
    var destinations: [Destination]?

    struct Destination: Codable, Sendable {
        var cloudWatchLogsLogGroup: LogGroup?
        struct LogGroup: Codable, Sendable { var logGroupArn: String? }
    }

    init() {}

    init(text: String) {
        self = (try? JSONDecoder().decode(Self.self, from: Data(text.utf8))) ?? LoggingConfiguration()
        if level == nil { level = "OFF" }
        if includeExecutionData == nil { includeExecutionData = false }
    }

    /// Stored text; keys sorted so that the same settings always compare equal (idempotent
    /// CreateStateMachine compares them).
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

struct TracingConfiguration: Codable, Sendable {
    var enabled: Bool?
}
