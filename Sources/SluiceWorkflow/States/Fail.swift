import SluiceCore
/// Fail: ends the execution (or the branch) with an error name and cause, fixed or read from
/// the input by a path or an intrinsic function.
public struct FailState: Sendable {
    public enum Text: Sendable {
        case literal(String)
        case path(JSONPath)
        case function(IntrinsicFunction)
    }

    public var error: Text?
    public var cause: Text?

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, _ report: inout [DefinitionDiagnostic]) {
        let error = text("Error", &reader, &report)
        let cause = text("Cause", &reader, &report)
        state.kind = .fail(FailState(error: error, cause: cause))
    }

    private static func text(_ field: String, _ reader: inout DefinitionReader, _ report: inout [DefinitionDiagnostic]) -> Text? {
        let literal = reader.string(field, &report)
        let expression = reader.string(field + "Path", &report)
        if literal != nil, expression != nil {
            report.append(.schema("Only one of the fields '\(field)' or '\(field)Path' may be set", at: reader.location))
        }
        if let literal { return .literal(literal) }
        guard let expression else { return nil }
        do {
            if IntrinsicFunction.looksLikeCall(expression) {
                return .function(try IntrinsicFunction(parsing: expression))
            }
            return .path(try JSONPath(expression))
        } catch {
            report.append(DefinitionDiagnostic(code: .invalidPath, message: "The value for the field '\(field)Path' must be a valid JSONPath or intrinsic function: \(error.message)", location: reader.pointer(field + "Path")))
            return nil
        }
    }

    /// The error or cause text for `input`. A path that selects a non-string fails the state.
    static func resolve(_ text: Text?, field: String, input: JSON, context: JSON) throws(StatesError) -> String? {
        switch text {
        case nil: return nil
        case .literal(let value): return value
        case .path(let path):
            let value = try path.evaluate(path.isContextPath ? context : input)
            guard case .string(let string) = value else {
                throw StatesError.runtime("The \(field)Path field refers to value \(value.compactText) which is not a valid string: \(path.text)")
            }
            return string
        case .function(let function):
            let value = try function.evaluate(input: input, context: context)
            guard case .string(let string) = value else {
                throw StatesError.runtime("The \(field)Path field refers to value \(value.compactText) which is not a valid string: \(function.text)")
            }
            return string
        }
    }
}
