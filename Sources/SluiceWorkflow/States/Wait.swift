import Foundation
import SluiceCore

/// Wait: delays for a number of seconds or until a timestamp, either fixed or read from the
/// input.
public struct WaitState: Sendable {
    public enum Until: Sendable {
        case seconds(Int)
        case secondsPath(JSONPath)
        case timestamp(Int64)
        case timestampPath(JSONPath)
    }

    public var until: Until

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, _ report: inout [DefinitionDiagnostic]) {
        state.inputPath = reader.inputOutputPath("InputPath", &report)
        state.outputPath = reader.inputOutputPath("OutputPath", &report)
        state.transition = reader.transition(&report)
        var choices: [Until] = []
        if let seconds = reader.integer("Seconds", in: 0...99_999_999, &report) { choices.append(.seconds(seconds)) }
        if let path = reader.path("SecondsPath", &report) { choices.append(.secondsPath(path)) }
        if let text = reader.string("Timestamp", &report) {
            if let millis = Timestamp.parseMillis(text) {
                choices.append(.timestamp(millis))
            } else {
                report.append(.schema("The value for the field 'Timestamp' must be an RFC3339 timestamp", at: reader.pointer("Timestamp")))
            }
        }
        if let path = reader.path("TimestampPath", &report) { choices.append(.timestampPath(path)) }
        if choices.count != 1 {
            report.append(.schema("Exactly one of the fields [Seconds, SecondsPath, Timestamp, TimestampPath] is required", at: reader.location))
        }
        state.kind = .wait(WaitState(until: choices.first ?? .seconds(0)))
    }

    /// When the wait ends, in epoch milliseconds, for `input` at `now`.
    func wakeTime(input: JSON, context: JSON, now: Int64) throws(StatesError) -> Int64 {
        switch until {
        case .seconds(let seconds):
            return now + Int64(seconds) * 1000
        case .timestamp(let millis):
            return millis
        case .secondsPath(let path):
            let value = try path.evaluate(path.isContextPath ? context : input)
            let shown = "\(path.text) == \(value.compactText)"
            guard let seconds = value.wholeNumber else {
                throw StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: \(shown)")
            }
            guard seconds >= 0 else {
                throw StatesError.runtime("The SecondsPath parameter references a negative value: \(shown)")
            }
            return now + Int64(min(seconds, 99_999_999)) * 1000
        case .timestampPath(let path):
            let value = try path.evaluate(path.isContextPath ? context : input)
            guard case .string(let text) = value, let millis = Timestamp.parseMillis(text) else {
                throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path.text) == \(value.compactText)")
            }
            return millis
        }
    }
}

/// RFC 3339 timestamps as States Language uses them (`2016-03-14T01:59:00Z`, fractions and
/// offsets allowed).
enum Timestamp {
    static func parseMillis(_ text: String) -> Int64? {
        guard text.count >= 20, text.contains("T") else { return nil }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let plain = Date.ISO8601FormatStyle()
        let normalized = text.replacingOccurrences(of: "t", with: "T").replacingOccurrences(of: "z", with: "Z")
        for style in [withFraction, plain] {
            if let date = try? style.parse(normalized) {
                return Int64((date.timeIntervalSince1970 * 1000).rounded())
            }
        }
        return nil
    }

    /// `2024-05-01T12:00:00.123Z`, the form the context object uses. Written by hand: the
    /// context object is built for every state, and Foundation's formatter cost more than the
    /// rest of a Pass state together.
    static func format(millis: Int64) -> String {
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let rest = millis - days * 86_400_000
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3_600_000, 2)):\(pad(rest / 60_000 % 60, 2)):"
            + "\(pad(rest / 1000 % 60, 2)).\(pad(rest % 1000, 3))Z"
    }
}
