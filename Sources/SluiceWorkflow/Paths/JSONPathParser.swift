/// Compiles JSONPath text (Jayway's dialect, which Step Functions uses) into segments.
/// Works on Unicode scalars so names may hold any character; refuses filter and parenthesis
/// nesting deeper than `maxDepth`, so hostile definitions cannot exhaust the stack.
struct PathParser {
    static let maxDepth = 64

    let text: String
    let scalars: [Unicode.Scalar]
    var position = 0
    var depth = 0

    init(_ text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    /// A whole path: `$` or `$$`, then segments to the end of the text. Surrounding whitespace
    /// is ignored, as Jayway trims it.
    static func parse(_ text: String) throws(ExpressionSyntaxError) -> (isContext: Bool, segments: [PathSegment]) {
        var parser = PathParser(text)
        parser.skipWhitespace()
        var end = parser.scalars.count
        while end > parser.position, parser.scalars[end - 1].properties.isWhitespace { end -= 1 }
        guard parser.position < end else { throw parser.failure("a path must not be empty") }
        guard parser.consume("$") else { throw parser.failure("a path must start with '$'") }
        let isContext = parser.consume("$")
        let segments = try parser.parseSegments(inFilter: false, end: end)
        return (isContext, segments)
    }

    func failure(_ reason: String) -> ExpressionSyntaxError {
        ExpressionSyntaxError("Invalid JSONPath '\(text)': \(reason) (at character \(position))")
    }

    // MARK: Segments

    /// Segments until `end`, or, inside a filter, until something that cannot continue a path
    /// (an operator, a space, a closing parenthesis), which the filter parser then reads.
    mutating func parseSegments(inFilter: Bool, end: Int) throws(ExpressionSyntaxError) -> [PathSegment] {
        var segments: [PathSegment] = []
        while position < end, let scalar = peek() {
            if scalar == "." {
                position += 1
                if consume(".") {
                    let selector = try parseDeepScanSelector(inFilter: inFilter, end: end)
                    segments.append(PathSegment(selector: selector, isDeepScan: true))
                } else {
                    let selector = try parseDotSelector(inFilter: inFilter, end: end)
                    segments.append(PathSegment(selector: selector, isDeepScan: false))
                }
            } else if scalar == "[" {
                segments.append(PathSegment(selector: try parseBracket(), isDeepScan: false))
            } else if inFilter {
                break
            } else {
                throw failure("expected '.' or '[' but found '\(scalar)'")
            }
        }
        return segments
    }

    /// After `.`: `*`, a name, or (as Jayway allows) a bracket.
    private mutating func parseDotSelector(inFilter: Bool, end: Int) throws(ExpressionSyntaxError) -> PathSelector {
        guard position < end, let scalar = peek() else { throw failure("a path must not end with '.'") }
        switch scalar {
        case ".": throw failure("unexpected '.'")
        case "[": return try parseBracket()
        case "*":
            position += 1
            return .wildcard
        default: return .name(try parseDotName(inFilter: inFilter, end: end))
        }
    }

    /// After `..`: `*`, a name or a bracket.
    private mutating func parseDeepScanSelector(inFilter: Bool, end: Int) throws(ExpressionSyntaxError) -> PathSelector {
        guard position < end, let scalar = peek() else { throw failure("a deep scan '..' needs a name, '*' or '[' after it") }
        switch scalar {
        case ".": throw failure("unexpected '.' after '..'")
        case "[": return try parseBracket()
        case "*":
            position += 1
            return .wildcard
        default: return .name(try parseDotName(inFilter: inFilter, end: end))
        }
    }

    /// A name in dot notation runs to the next `.` or `[` (or, in a filter, to an operator,
    /// space or parenthesis), so it may contain `-`, `:`, `$` and the like.
    private mutating func parseDotName(inFilter: Bool, end: Int) throws(ExpressionSyntaxError) -> String {
        let start = position
        while position < end, let scalar = peek(), scalar != ".", scalar != "[" {
            if inFilter, Self.endsFilterName(scalar) { break }
            if scalar.properties.isWhitespace {
                throw failure("use bracket notation ['name'] for names containing spaces")
            }
            if scalar == "(" { throw failure("path functions are not supported") }
            position += 1
        }
        guard position > start else { throw failure("expected a name") }
        return string(start..<position)
    }

    private static func endsFilterName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "=", "!", "<", ">", "&", "|", "(", ")", ",", "~": true
        default: scalar.properties.isWhitespace
        }
    }

    // MARK: Brackets

    /// `[*]`, `['a']`, `['a','b']`, `[0]`, `[0,1]`, `[1:3]`, `[?(…)]`.
    private mutating func parseBracket() throws(ExpressionSyntaxError) -> PathSelector {
        let open = position
        position += 1
        skipWhitespace()
        guard let scalar = peek() else { throw unterminated(open) }
        let selector: PathSelector
        switch scalar {
        case "*":
            position += 1
            selector = .wildcard
        case "?":
            position += 1
            selector = .filter(try parseFilterBracket())
        case "'", "\"":
            selector = try parseNameList()
        case "-", ":", "0"..."9":
            selector = try parseIndexSelector()
        default:
            throw failure("expected a quoted name, an index, '*' or a filter inside '['")
        }
        skipWhitespace()
        guard peek() != nil else { throw unterminated(open) }
        guard consume("]") else { throw failure("expected ']'") }
        return selector
    }

    private func unterminated(_ open: Int) -> ExpressionSyntaxError {
        ExpressionSyntaxError("Invalid JSONPath '\(text)': unterminated '[' (at character \(open))")
    }

    private mutating func parseFilterBracket() throws(ExpressionSyntaxError) -> FilterExpression {
        skipWhitespace()
        guard consume("(") else { throw failure("expected '(' after '[?'") }
        try enterNesting()
        let expression = try parseFilterOr()
        skipWhitespace()
        guard consume(")") else { throw failure("expected ')' to close the filter") }
        depth -= 1
        return expression
    }

    private mutating func parseNameList() throws(ExpressionSyntaxError) -> PathSelector {
        var names = [try parseQuotedString()]
        skipWhitespace()
        while consume(",") {
            skipWhitespace()
            guard let quote = peek(), quote == "'" || quote == "\"" else {
                throw failure("expected a quoted name after ','")
            }
            names.append(try parseQuotedString())
            skipWhitespace()
        }
        return names.count == 1 ? .name(names[0]) : .nameUnion(names)
    }

    private mutating func parseIndexSelector() throws(ExpressionSyntaxError) -> PathSelector {
        let first = try parseOptionalInteger()
        skipWhitespace()
        if consume(":") {
            skipWhitespace()
            let last = try parseOptionalInteger()
            skipWhitespace()
            if peek() == ":" { throw failure("slice steps are not supported") }
            return .slice(start: first, end: last)
        }
        guard let first else { throw failure("expected an index") }
        var indexes = [first]
        while consume(",") {
            skipWhitespace()
            guard let next = try parseOptionalInteger() else { throw failure("expected an index after ','") }
            indexes.append(next)
            skipWhitespace()
        }
        return indexes.count == 1 ? .index(first) : .indexUnion(indexes)
    }

    /// An optionally negative decimal integer, or nil when no digits are here.
    private mutating func parseOptionalInteger() throws(ExpressionSyntaxError) -> Int? {
        let negative = consume("-")
        var value = 0
        var digits = 0
        while let scalar = peek(), let digit = Self.digitValue(scalar) {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw failure("index is too large") }
            value = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else {
            if negative { throw failure("expected digits after '-'") }
            return nil
        }
        return negative ? -value : value
    }

    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        guard ("0"..."9").contains(scalar) else { return nil }
        return Int(scalar.value) - 48
    }

    // MARK: Strings

    /// A `'…'` or `"…"` string with backslash escapes (`\'`, `\"`, `\\`, `\n`, `\uXXXX` …).
    mutating func parseQuotedString() throws(ExpressionSyntaxError) -> String {
        let open = position
        guard let quote = peek() else { throw failure("expected a quoted string") }
        position += 1
        var result = String.UnicodeScalarView()
        while let scalar = peek() {
            position += 1
            if scalar == quote { return String(result) }
            guard scalar == "\\" else {
                result.append(scalar)
                continue
            }
            guard let escaped = peek() else { break }
            position += 1
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "u": result.append(try parseUnicodeEscape())
            default: result.append(escaped)
            }
        }
        throw ExpressionSyntaxError("Invalid JSONPath '\(text)': unterminated string (at character \(open))")
    }

    private mutating func parseUnicodeEscape() throws(ExpressionSyntaxError) -> Unicode.Scalar {
        guard position + 4 <= scalars.count,
              let code = UInt32(string(position..<position + 4), radix: 16),
              let scalar = Unicode.Scalar(code)
        else { throw failure("invalid \\u escape") }
        position += 4
        return scalar
    }

    // MARK: Scanning

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    mutating func consume(_ literal: String) -> Bool {
        var index = position
        for scalar in literal.unicodeScalars {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
        }
        position = index
        return true
    }

    mutating func skipWhitespace() {
        while let scalar = peek(), scalar.properties.isWhitespace { position += 1 }
    }

    mutating func enterNesting() throws(ExpressionSyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw failure("filters and parentheses are nested more than \(Self.maxDepth) deep")
        }
    }

    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }
}
