import SluiceCore
import Testing
@testable import SluiceWorkflow

@Suite("Choice rules")
struct ChoiceRuleTests {
    /// Builds a one-rule Choice and reports whether it matched `input`.
    func matches(_ rule: String, _ input: JSON) async throws -> Bool {
        let definition = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[\(rule.dropLast()),"Next":"Yes"}],"Default":"No"},
             "Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}
            """
        let result = try await Workflow.run(definition, input: input)
        return try result.get() == "yes"
    }

    struct Case: Sendable {
        let rule: String
        let input: JSON
        let expected: Bool
    }

    static let cases: [Case] = [
        Case(rule: #"{"Variable":"$.v","StringEquals":"a"}"#, input: ["v": "a"], expected: true),
        Case(rule: #"{"Variable":"$.v","StringEquals":"a"}"#, input: ["v": "b"], expected: false),
        Case(rule: #"{"Variable":"$.v","StringLessThan":"AB"}"#, input: ["v": "A"], expected: true),
        Case(rule: #"{"Variable":"$.v","StringGreaterThan":"A"}"#, input: ["v": "AB"], expected: true),
        Case(rule: #"{"Variable":"$.v","StringLessThanEquals":"A"}"#, input: ["v": "A"], expected: true),
        Case(rule: #"{"Variable":"$.v","StringGreaterThanEquals":"B"}"#, input: ["v": "A"], expected: false),
        Case(rule: #"{"Variable":"$.v","StringMatches":"log-*.txt"}"#, input: ["v": "log-2024.txt"], expected: true),
        Case(rule: #"{"Variable":"$.v","StringMatches":"log-\\*"}"#, input: ["v": "log-x"], expected: false),
        Case(rule: #"{"Variable":"$.v","StringMatches":"log-\\*"}"#, input: ["v": "log-*"], expected: true),
        Case(rule: #"{"Variable":"$.v","NumericEquals":1.0}"#, input: ["v": 1], expected: true),
        Case(rule: #"{"Variable":"$.v","NumericEquals":0}"#, input: ["v": ""], expected: false),
        Case(rule: #"{"Variable":"$.v","NumericLessThan":2}"#, input: ["v": 1.5], expected: true),
        Case(rule: #"{"Variable":"$.v","NumericGreaterThan":2}"#, input: ["v": 2], expected: false),
        Case(rule: #"{"Variable":"$.v","NumericLessThanEquals":2}"#, input: ["v": 2], expected: true),
        Case(rule: #"{"Variable":"$.v","NumericGreaterThanEquals":3}"#, input: ["v": 2], expected: false),
        Case(rule: #"{"Variable":"$.v","BooleanEquals":true}"#, input: ["v": true], expected: true),
        Case(rule: #"{"Variable":"$.v","BooleanEquals":true}"#, input: ["v": 1], expected: false),
        Case(rule: #"{"Variable":"$.v","TimestampEquals":"2024-01-01T00:00:00Z"}"#, input: ["v": "2024-01-01T00:00:00.000Z"], expected: true),
        Case(rule: #"{"Variable":"$.v","TimestampLessThan":"2024-01-01T00:00:00Z"}"#, input: ["v": "2023-12-31T23:59:59Z"], expected: true),
        Case(rule: #"{"Variable":"$.v","TimestampGreaterThan":"2024-01-01T00:00:00Z"}"#, input: ["v": "2024-01-01T00:00:01+00:00"], expected: true),
        Case(rule: #"{"Variable":"$.v","TimestampLessThanEquals":"2024-01-01T00:00:00Z"}"#, input: ["v": "2024-01-01T00:00:00Z"], expected: true),
        Case(rule: #"{"Variable":"$.v","TimestampGreaterThanEquals":"2024-01-01T00:00:00Z"}"#, input: ["v": "not a time"], expected: false),
        Case(rule: #"{"Variable":"$.v","IsNull":true}"#, input: ["v": nil], expected: true),
        Case(rule: #"{"Variable":"$.v","IsPresent":false}"#, input: ["v": nil], expected: false),
        Case(rule: #"{"Variable":"$.w","IsPresent":false}"#, input: ["v": 1], expected: true),
        Case(rule: #"{"Variable":"$.v","IsNumeric":true}"#, input: ["v": 3.5], expected: true),
        Case(rule: #"{"Variable":"$.v","IsString":true}"#, input: ["v": 3], expected: false),
        Case(rule: #"{"Variable":"$.v","IsBoolean":true}"#, input: ["v": false], expected: true),
        Case(rule: #"{"Variable":"$.v","IsTimestamp":true}"#, input: ["v": "2024-01-01T00:00:00Z"], expected: true),
        Case(rule: #"{"Variable":"$.v","StringEqualsPath":"$.w"}"#, input: ["v": "x", "w": "x"], expected: true),
        Case(rule: #"{"Variable":"$.v","NumericLessThanPath":"$.w"}"#, input: ["v": 1, "w": 2], expected: true),
        Case(rule: #"{"Variable":"$.v","BooleanEqualsPath":"$.w"}"#, input: ["v": true, "w": false], expected: false),
        Case(rule: #"{"Variable":"$.v","TimestampLessThanPath":"$.w"}"#, input: ["v": "2024-01-01T00:00:00Z", "w": "2025-01-01T00:00:00Z"], expected: true),
        Case(rule: #"{"And":[{"Variable":"$.v","NumericGreaterThan":1},{"Variable":"$.v","NumericLessThan":3}]}"#, input: ["v": 2], expected: true),
        Case(rule: #"{"Or":[{"Variable":"$.v","NumericEquals":1},{"Variable":"$.v","NumericEquals":3}]}"#, input: ["v": 2], expected: false),
        Case(rule: #"{"Not":{"Variable":"$.v","StringEquals":"Private"}}"#, input: ["v": "Public"], expected: true),
    ]

    @Test(arguments: cases)
    func comparison(_ example: Case) async throws {
        #expect(try await matches(example.rule, example.input) == example.expected, "\(example.rule) on \(example.input)")
    }

    @Test func missingVariableIsARuntimeError() async throws {
        let definition = #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.nope","NumericEquals":1,"Next":"D"}],"Default":"D"},"D":{"Type":"Succeed"}}}"#
        let result = try await Workflow.run(definition)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.name == "States.Runtime")
        #expect(error.cause?.hasPrefix("An error occurred while executing the state 'C' (entered at the event id #2).") == true)
    }

    @Test func noMatchAndNoDefaultFailsWithNoChoiceMatched() async throws {
        let definition = #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.v","NumericEquals":1,"Next":"D"}]},"D":{"Type":"Succeed"}}}"#
        let result = try await Workflow.run(definition, input: ["v": 2])
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.name == "States.NoChoiceMatched")
    }
}
