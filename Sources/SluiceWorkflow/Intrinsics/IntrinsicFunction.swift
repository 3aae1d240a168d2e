import SluiceCore
/// An intrinsic function call such as `States.Format('Hello {}', $.name)`, parsed when the
/// definition is read so syntax errors surface as an invalid definition, and evaluated each time
/// the payload template that holds it is applied.
public struct IntrinsicFunction: Sendable, Hashable {
    /// The text the call was parsed from, as written in the definition.
    public let text: String
    let call: Call

    /// Parses e.g. `States.Format('Hello {}', $.name)`. Throws for an unknown function name, bad
    /// syntax, or a wrong number of arguments where a function's count is fixed.
    public init(parsing text: String) throws(ExpressionSyntaxError) {
        var parser = IntrinsicParser(text)
        call = try parser.parseDocument()
        self.text = text
    }

    /// Whether `text` is meant as an intrinsic call rather than a path: a `.$` value is a call
    /// when it starts with `States.` after optional whitespace.
    public static func looksLikeCall(_ text: String) -> Bool {
        text.drop(while: \.isWhitespace).hasPrefix("States.")
    }

    /// Evaluates the call, reading `$` paths from `input` and `$$` paths from `context`.
    /// Bad argument types or values throw `States.IntrinsicFailure`; errors from evaluating a
    /// path (such as `States.Runtime` for a missing field) pass through unchanged.
    public func evaluate(input: JSON, context: JSON) throws(StatesError) -> JSON {
        try call.evaluate(input: input, context: context)
    }
}

extension IntrinsicFunction {
    /// One call: a function and its arguments, which may be calls themselves.
    struct Call: Sendable, Hashable {
        let name: IntrinsicName
        let arguments: [Argument]
    }

    enum Argument: Sendable, Hashable {
        /// A number, `true`, `false` or `null` written in the call.
        case literal(JSON)
        case string(IntrinsicStringLiteral)
        case path(JSONPath)
        case call(Call)
    }
}

/// A single-quoted string written in a call. Escapes are resolved in `value`; `pieces` keeps the
/// text split at each unescaped `{}`, because only there is `\{}` told apart from a placeholder
/// when the string is the template of `States.Format`.
struct IntrinsicStringLiteral: Sendable, Hashable {
    let value: String
    let pieces: [String]
}
