import SluiceCore
/// `States.Format`, `States.StringSplit` and `States.UUID`.
enum IntrinsicStrings {
    /// Replaces each `{}` of the template with the next argument. A template written as a literal
    /// keeps its escaped braces (`\{}` is text); a template read from a path has no escapes, so
    /// every `{}` in it is a placeholder.
    static func format(_ args: IntrinsicArguments, template: IntrinsicFunction.Argument?) throws(StatesError) -> JSON {
        let pieces: [String]
        if case .string(let literal) = template {
            pieces = literal.pieces
        } else {
            pieces = placeholderPieces(try args.string(0, "template"))
        }
        let placeholders = pieces.count - 1
        let values = args.values.dropFirst()
        guard placeholders == values.count else {
            throw args.failure(
                "the template has \(placeholders) '{}' placeholder(s) but \(values.count) value(s) were given"
            )
        }
        var result = pieces[0]
        for (value, piece) in zip(values, pieces.dropFirst()) {
            // Many large arguments could build a string far past any payload: stop at the quota.
            guard let size = value.compactByteCount(limit: Interpreter.maxPayloadBytes),
                result.utf8.count + size + piece.utf8.count <= Interpreter.maxPayloadBytes
            else {
                throw args.failure("the formatted string would be larger than \(Interpreter.maxPayloadBytes) bytes")
            }
            result += javaText(value)
            result += piece
        }
        return .string(result)
    }

    /// The text a value takes in `States.Format`, which AWS renders the way Java's `toString`
    /// renders its JSON values: strings without quotes, objects as `{Arg1=1, Arg2=[]}`, arrays as
    /// `[1, 2]`, numbers, booleans and null as their JSON text.
    static func javaText(_ value: JSON) -> String {
        switch value {
        case .string(let text):
            return text
        case .array(let elements):
            return "[" + elements.map(javaText).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { "\($0.key)=\(javaText($0.value))" }.joined(separator: ", ") + "}"
        case .null, .bool, .int, .double:
            return value.compactText
        }
    }

    /// The text around each `{}`: `"a{}b{}"` → `["a", "b", ""]`.
    static func placeholderPieces(_ template: String) -> [String] {
        var pieces: [String] = []
        var piece = String.UnicodeScalarView()
        var scalars = template.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if scalar == "{", pending == "}" {
                pieces.append(String(piece))
                piece = String.UnicodeScalarView()
                pending = scalars.next()
            } else {
                piece.append(scalar)
            }
        }
        pieces.append(String(piece))
        return pieces
    }

    /// Splits on every character of the delimiter string, leaving out empty pieces:
    /// `"a.b+c"` split by `".+"` is `["a", "b", "c"]`.
    static func split(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try args.string(0, "string")
        let delimiters = Set(try args.string(1, "delimiter"))
        return .array(text.split(whereSeparator: delimiters.contains).map { .string(String($0)) })
    }

    /// A random version 4 UUID in lowercase, e.g. `0f4e1a6c-2b1d-4c4e-9a4e-6b1f0d3c2a11`.
    static func uuid() -> JSON {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = Hex.lowercase(bytes)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return .string(groups.joined(separator: "-"))
    }
}
