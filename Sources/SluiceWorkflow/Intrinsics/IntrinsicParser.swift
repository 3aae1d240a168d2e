import SluiceCore
/// Reads the text of an intrinsic call into an `IntrinsicFunction.Call`.
///
/// Grammar: `call = name ws "(" ws [arg ws ("," ws arg ws)*] ")"`, where an argument is a
/// single-quoted string, a number, `true`, `false`, `null`, a path starting with `$`, or a
/// nested call. Calls nest at most `maxDepth` deep, so hostile input cannot exhaust the stack
/// while parsing or evaluating.
struct IntrinsicParser {
    static let maxDepth = 32

    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func parseDocument() throws(ExpressionSyntaxError) -> IntrinsicFunction.Call {
        skipWhitespace()
        let call = try parseCall(depth: 1)
        skipWhitespace()
        guard index == scalars.count else { throw failure("unexpected text after the closing ')'") }
        return call
    }

    private mutating func parseCall(depth: Int) throws(ExpressionSyntaxError) -> IntrinsicFunction.Call {
        guard depth <= Self.maxDepth else {
            throw failure("intrinsic functions are nested more than \(Self.maxDepth) deep")
        }
        let nameStart = index
        let word = readWord()
        guard !word.isEmpty else { throw failure("expected an intrinsic function name") }
        guard let name = IntrinsicName(rawValue: word) else {
            throw ExpressionSyntaxError("unknown intrinsic function '\(word)' at offset \(nameStart)")
        }
        skipWhitespace()
        guard consume("(") else { throw failure("expected '(' after \(word)") }
        var arguments: [IntrinsicFunction.Argument] = []
        skipWhitespace()
        if !consume(")") {
            while true {
                skipWhitespace()
                arguments.append(try parseArgument(depth: depth))
                skipWhitespace()
                if consume(")") { break }
                guard consume(",") else {
                    throw failure(index == scalars.count ? "missing ')' to close \(word)" : "expected ',' or ')'")
                }
            }
        }
        guard name.arity.contains(arguments.count) else {
            throw ExpressionSyntaxError(
                "\(word) takes \(name.arityDescription) but was given \(arguments.count)"
            )
        }
        return IntrinsicFunction.Call(name: name, arguments: arguments)
    }

    private mutating func parseArgument(depth: Int) throws(ExpressionSyntaxError) -> IntrinsicFunction.Argument {
        guard let first = peek else { throw failure("missing argument or ')'") }
        switch first {
        case "'":
            return .string(try parseString())
        case "$":
            return .path(try parsePath())
        case "-", "0"..."9":
            return .literal(try parseNumber())
        default:
            let start = index
            let word = readWord()
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            case "":
                throw failure("unexpected character '\(first)'")
            default:
                guard word.hasPrefix("States.") else {
                    throw ExpressionSyntaxError("unexpected '\(word)' at offset \(start)")
                }
                index = start
                return .call(try parseCall(depth: depth + 1))
            }
        }
    }

    /// A single-quoted literal. `\'`, `\{`, `\}` and `\\` are the escapes the States Language
    /// defines; `\"` is also accepted (it needs no escape, but is common in hand-written JSON).
    /// Any other backslash is an error, as AWS rejects an "open escape".
    private mutating func parseString() throws(ExpressionSyntaxError) -> IntrinsicStringLiteral {
        let start = index
        index += 1
        var value = String.UnicodeScalarView()
        var piece = String.UnicodeScalarView()
        var pieces: [String] = []
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "'":
                pieces.append(String(piece))
                return IntrinsicStringLiteral(value: String(value), pieces: pieces)
            case "\\":
                guard index < scalars.count else { break }
                let escaped = scalars[index]
                guard "'{}\\\"".unicodeScalars.contains(escaped) else {
                    throw ExpressionSyntaxError("invalid escape '\\\(escaped)' at offset \(index - 1)")
                }
                index += 1
                value.append(escaped)
                piece.append(escaped)
            case "{" where peek == "}":
                index += 1
                value.append(contentsOf: "{}".unicodeScalars)
                pieces.append(String(piece))
                piece = String.UnicodeScalarView()
            default:
                value.append(scalar)
                piece.append(scalar)
            }
        }
        throw ExpressionSyntaxError("unterminated string literal starting at offset \(start)")
    }

    /// A path runs up to the next `,` or `)` outside brackets, parentheses and quotes, so
    /// `$.a['x,y']` and filters such as `$.a[?(@.b > 1)]` stay whole.
    private mutating func parsePath() throws(ExpressionSyntaxError) -> JSONPath {
        let start = index
        var depth = 0
        var quote: Unicode.Scalar?
        scan: while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\" {
                    index += 1
                } else if scalar == open {
                    quote = nil
                }
            } else {
                switch scalar {
                case "'" where depth > 0, "\"" where depth > 0: quote = scalar
                case "[", "(": depth += 1
                case ")" where depth == 0, "," where depth == 0: break scan
                case "]", ")": depth = max(0, depth - 1)
                default: break
                }
            }
            index += 1
        }
        guard quote == nil, depth == 0, index < scalars.count else {
            throw ExpressionSyntaxError("unterminated path starting at offset \(start)")
        }
        var end = index
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        let pathText = String(String.UnicodeScalarView(scalars[start..<end]))
        do {
            return try JSONPath(pathText)
        } catch {
            throw ExpressionSyntaxError("invalid path '\(pathText)': \(error.message)")
        }
    }

    /// An integer or decimal, optionally negative, with an optional exponent. Integers too large
    /// for `Int` become decimals.
    private mutating func parseNumber() throws(ExpressionSyntaxError) -> JSON {
        let start = index
        var isInteger = true
        _ = consume("-")
        guard readDigits() else { throw failure("invalid number") }
        if consume(".") {
            isInteger = false
            guard readDigits() else { throw failure("invalid number") }
        }
        if consume("e") || consume("E") {
            isInteger = false
            if !consume("+") { _ = consume("-") }
            guard readDigits() else { throw failure("invalid number") }
        }
        let numberText = String(String.UnicodeScalarView(scalars[start..<index]))
        if isInteger, let value = Int(numberText) { return .int(value) }
        guard let value = Double(numberText), value.isFinite else {
            throw ExpressionSyntaxError("number '\(numberText)' is out of range")
        }
        return .double(value)
    }

    private mutating func readDigits() -> Bool {
        let start = index
        while let scalar = peek, ("0"..."9").contains(scalar) { index += 1 }
        return index > start
    }

    /// Letters, digits, `_` and `.`: a function name or a keyword.
    private mutating func readWord() -> String {
        let start = index
        while let scalar = peek, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." {
            index += 1
        }
        return String(String.UnicodeScalarView(scalars[start..<index]))
    }

    private var peek: Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    private mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek == scalar else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while let scalar = peek, scalar.properties.isWhitespace { index += 1 }
    }

    private func failure(_ reason: String) -> ExpressionSyntaxError {
        ExpressionSyntaxError("\(reason) at offset \(index)")
    }
}
