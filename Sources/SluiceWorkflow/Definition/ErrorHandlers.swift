import Foundation

/// One entry of a state's Retry list.
public struct Retrier: Sendable {
    public var errorEquals: [String]
    public var intervalSeconds: Int = 1
    public var maxAttempts: Int = 3
    public var backoffRate: Double = 2
    public var maxDelaySeconds: Int?
    public var jitter: Jitter = .none

    public enum Jitter: String, Sendable {
        case full = "FULL"
        case none = "NONE"
    }

    /// The wait before retry number `attempt` (0 for the first retry), in milliseconds:
    /// IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds; FULL jitter picks a
    /// uniform point below that. `random` is in [0, 1).
    public func delayMillis(attempt: Int, random: Double) -> Int64 {
        var seconds = Double(intervalSeconds) * pow(backoffRate, Double(attempt))
        if let maxDelaySeconds { seconds = min(seconds, Double(maxDelaySeconds)) }
        seconds = min(seconds, 31_622_400)
        if jitter == .full { seconds *= random }
        return Int64((seconds * 1000).rounded())
    }
}

/// One entry of a state's Catch list.
public struct Catcher: Sendable {
    public var errorEquals: [String]
    public var next: String
    public var resultPath: ResultPathField = .replace
}

/// Whether an error name is matched by an ErrorEquals list. `States.ALL` matches every error
/// except the terminal ones the specification sets apart: States.Runtime (never retried or
/// caught) and States.DataLimitExceeded (only when named). `States.TaskFailed` matches any
/// error except States.Timeout, as AWS documents.
public func errorMatches(_ errorEquals: [String], _ error: StatesError) -> Bool {
    if let alias = error.alias, errorEquals.contains(alias) { return true }
    return errorMatches(errorEquals, error.name)
}

public func errorMatches(_ errorEquals: [String], _ name: String?) -> Bool {
    let name = name ?? ""
    if name == "States.Runtime" { return false }
    let terminal = name == "States.DataLimitExceeded"
    for candidate in errorEquals {
        switch candidate {
        case name: return true
        case "States.ALL" where !terminal: return true
        case "States.TaskFailed" where !terminal && name != "States.Timeout":
            return true
        default: continue
        }
    }
    return false
}

extension DefinitionReader {
    mutating func retriers(_ report: inout [DefinitionDiagnostic]) -> [Retrier] {
        guard let value = value("Retry") else { return [] }
        guard case .array(let entries) = value else {
            report.append(.schema("The value for the field 'Retry' must be an ARRAY", at: pointer("Retry")))
            return []
        }
        var retriers: [Retrier] = []
        for (index, entry) in entries.enumerated() {
            let at = pointer("Retry") + "/\(index)"
            guard case .object(let object) = entry else {
                report.append(.schema("A retrier must be an OBJECT", at: at))
                continue
            }
            var reader = DefinitionReader(object, at: at)
            let errors = reader.errorEquals(&report, isLast: index == entries.count - 1)
            var retrier = Retrier(errorEquals: errors)
            retrier.intervalSeconds = reader.integer("IntervalSeconds", in: 1...99_999_999, &report) ?? 1
            retrier.maxAttempts = reader.integer("MaxAttempts", in: 0...99_999_999, &report) ?? 3
            if let rate = reader.number("BackoffRate", &report) {
                if rate >= 1 { retrier.backoffRate = rate } else {
                    report.append(.schema("The value for the field 'BackoffRate' must be at least 1.0", at: reader.pointer("BackoffRate")))
                }
            }
            retrier.maxDelaySeconds = reader.integer("MaxDelaySeconds", in: 1...31_622_400, &report)
            if let jitter = reader.string("JitterStrategy", &report) {
                if let parsed = Retrier.Jitter(rawValue: jitter) { retrier.jitter = parsed } else {
                    report.append(.schema("The value for the field 'JitterStrategy' must be one of [FULL, NONE]", at: reader.pointer("JitterStrategy")))
                }
            }
            _ = reader.value("Comment")
            reader.reportUnknownFields(stateType: nil, &report)
            retriers.append(retrier)
        }
        return retriers
    }

    mutating func catchers(_ report: inout [DefinitionDiagnostic]) -> [Catcher] {
        guard let value = value("Catch") else { return [] }
        guard case .array(let entries) = value else {
            report.append(.schema("The value for the field 'Catch' must be an ARRAY", at: pointer("Catch")))
            return []
        }
        var catchers: [Catcher] = []
        for (index, entry) in entries.enumerated() {
            let at = pointer("Catch") + "/\(index)"
            guard case .object(let object) = entry else {
                report.append(.schema("A catcher must be an OBJECT", at: at))
                continue
            }
            var reader = DefinitionReader(object, at: at)
            let errors = reader.errorEquals(&report, isLast: index == entries.count - 1)
            let next = reader.requiredString("Next", &report) ?? ""
            var catcher = Catcher(errorEquals: errors, next: next)
            catcher.resultPath = reader.resultPath(&report)
            _ = reader.value("Comment")
            reader.reportUnknownFields(stateType: nil, &report)
            catchers.append(catcher)
        }
        return catchers
    }

    /// ErrorEquals: a non-empty list of names; `States.ALL` only alone and in the last entry.
    mutating func errorEquals(_ report: inout [DefinitionDiagnostic], isLast: Bool) -> [String] {
        guard let value = value("ErrorEquals") else {
            report.append(.schema("These fields are required: [ErrorEquals]", at: location))
            return []
        }
        guard case .array(let names) = value, !names.isEmpty,
            let strings = Optional(names.compactMap(\.stringValue)), strings.count == names.count
        else {
            report.append(.schema("The value for the field 'ErrorEquals' must be a non-empty ARRAY of STRING", at: pointer("ErrorEquals")))
            return []
        }
        if strings.contains("States.ALL") && (strings.count > 1 || !isLast) {
            report.append(.schema("States.ALL must appear alone in the last retrier or catcher", at: pointer("ErrorEquals")))
        }
        return strings
    }
}
