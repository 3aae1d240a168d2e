import SluiceWorkflow

enum ValidateStateMachineDefinition: SFNAction {
    static let name = "ValidateStateMachineDefinition"

    struct Input: Decodable, Sendable {
        var definition: String
        var type: String?
        var severity: String?
        var maxResults: Int?
    }

    struct Diagnostic: Encodable, Sendable {
        var severity = "ERROR"
        var code: String
        var message: String
        var location: String
    }

    struct Output: Encodable, Sendable {
        var result: String
        var diagnostics: [Diagnostic]
        var truncated: Bool
    }

    static func run(_ input: Input, _ context: SFNRequestContext) async throws -> Output {
        try SFNInput.check(input.definition, "definition", max: 1_048_576)
        let limit = input.maxResults.map { $0 == 0 ? 100 : $0 } ?? 100
        let found = context.engine.validate(definition: input.definition)
        let diagnostics = found.prefix(limit).map {
            Diagnostic(code: $0.code.rawValue, message: $0.message, location: $0.location.isEmpty ? "/" : $0.location)
        }
        return Output(result: found.isEmpty ? "OK" : "FAIL", diagnostics: Array(diagnostics), truncated: found.count > limit)
    }
}
