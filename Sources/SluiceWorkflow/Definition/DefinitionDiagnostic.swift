/// One problem found in a definition, in the shape ValidateStateMachineDefinition reports and
/// InvalidDefinition's message quotes: a code such as `SCHEMA_VALIDATION_FAILED`, a message, and
/// the JSON pointer of the field (`/States/Fetch/Next`).
public struct DefinitionDiagnostic: Sendable, Equatable {
    public enum Code: String, Sendable {
        case invalidJSON = "INVALID_JSON_DESCRIPTION"
        case schemaValidationFailed = "SCHEMA_VALIDATION_FAILED"
        case missingTransitionTarget = "MISSING_TRANSITION_TARGET"
        case unreachableState = "UNREACHABLE_STATE"
        case missingTerminalState = "MISSING_TERMINAL_STATE"
        case invalidPath = "INVALID_JSON_PATH"
        case invalidReferencePath = "INVALID_REFERENCE_PATH"
        case invalidIntrinsic = "INVALID_INTRINSIC_FUNCTION"
        case unsupportedFeature = "UNSUPPORTED_FEATURE"
        case invalidResource = "INVALID_RESOURCE"
    }

    public var code: Code
    public var message: String
    public var location: String

    public init(code: Code, message: String, location: String) {
        self.code = code
        self.message = message
        self.location = location
    }

    /// The text AWS puts between quotes in an InvalidDefinition message.
    public var text: String { "\(code.rawValue): \(message) at \(location.isEmpty ? "/" : location)" }
}

/// A definition that cannot run. `message` is InvalidDefinition's message.
public struct DefinitionError: Error, Sendable, Equatable {
    public var diagnostics: [DefinitionDiagnostic]

    public var message: String {
        "Invalid State Machine Definition: " + diagnostics.map { "'\($0.text)'" }.joined(separator: ", ")
    }
}
