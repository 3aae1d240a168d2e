import SluiceCore
/// The condition grammar inside `[?( … )]`:
///
///     or         := and ('||' and)*
///     and        := unary ('&&' unary)*
///     unary      := '!' unary | '(' or ')' | comparison
///     comparison := operand (('==' | '!=' | '<' | '<=' | '>' | '>=') operand)?
///     operand    := '@' segments | '$' segments | string | number | true | false | null
///
/// A comparison without an operator is an existence test and needs a path operand.
extension PathParser {
    mutating func parseFilterOr() throws(ExpressionSyntaxError) -> FilterExpression {
        var terms = [try parseFilterAnd()]
        skipWhitespace()
        while consume("||") {
            terms.append(try parseFilterAnd())
            skipWhitespace()
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseFilterAnd() throws(ExpressionSyntaxError) -> FilterExpression {
        var terms = [try parseFilterUnary()]
        skipWhitespace()
        while consume("&&") {
            terms.append(try parseFilterUnary())
            skipWhitespace()
        }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func parseFilterUnary() throws(ExpressionSyntaxError) -> FilterExpression {
        skipWhitespace()
        if peek() == "!", peek(1) != "=" {
            position += 1
            try enterNesting()
            let operand = try parseFilterUnary()
            depth -= 1
            return .not(operand)
        }
        if consume("(") {
            try enterNesting()
            let inner = try parseFilterOr()
            skipWhitespace()
            guard consume(")") else { throw failure("expected ')'") }
            depth -= 1
            return inner
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> FilterExpression {
        let left = try parseOperand()
        skipWhitespace()
        guard let comparison = try parseOperator() else {
            guard case .path(let path) = left else {
                throw failure("a literal alone is not a condition; compare it with '@…'")
            }
            return .exists(path)
        }
        let right = try parseOperand()
        return .comparison(left, comparison, right)
    }

    private mutating func parseOperator() throws(ExpressionSyntaxError) -> ComparisonOperator? {
        for candidate in [ComparisonOperator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        where consume(candidate.rawValue) {
            return candidate
        }
        if peek() == "=" {
            throw failure(peek(1) == "~" ? "regular expression matches are not supported" : "use '==' to compare")
        }
        return nil
    }

    private mutating func parseOperand() throws(ExpressionSyntaxError) -> FilterOperand {
        skipWhitespace()
        guard let scalar = peek() else { throw failure("expected a value in the filter") }
        switch scalar {
        case "@", "$":
            position += 1
            if scalar == "$", peek() == "$" { throw failure("'$$' is not allowed inside a filter") }
            let segments = try parseSegments(inFilter: true, end: scalars.count)
            return .path(FilterPath(anchor: scalar == "@" ? .item : .root, segments: segments))
        case "'", "\"":
            return .literal(.string(try parseQuotedString()))
        case "-", "0"..."9":
            return .literal(try parseNumberLiteral())
        default:
            return .literal(try parseKeywordLiteral())
        }
    }

    private mutating func parseKeywordLiteral() throws(ExpressionSyntaxError) -> JSON {
        for (word, value) in [("true", JSON.bool(true)), ("false", .bool(false)), ("null", .null)] {
            let after = peek(word.unicodeScalars.count)
            let endsWord = after.map { !$0.properties.isAlphabetic && Self.digitValue($0) == nil } ?? true
            if endsWord, consume(word) { return value }
        }
        throw failure("expected '@', '$', a string, a number, true, false or null")
    }

    /// JSON number syntax; integers that fit stay `.int`, the rest become `.double`.
    private mutating func parseNumberLiteral() throws(ExpressionSyntaxError) -> JSON {
        let start = position
        _ = consume("-")
        var isInteger = true
        guard skipDigits() > 0 else { throw failure("expected digits in the number") }
        if peek() == ".", let next = peek(1), Self.digitValue(next) != nil {
            position += 1
            isInteger = false
            skipDigits()
        }
        if peek() == "e" || peek() == "E" {
            position += 1
            isInteger = false
            if peek() == "+" || peek() == "-" { position += 1 }
            guard skipDigits() > 0 else { throw failure("expected digits in the exponent") }
        }
        let literal = string(start..<position)
        if isInteger, let value = Int(literal) { return .int(value) }
        guard let value = Double(literal), value.isFinite else { throw failure("number '\(literal)' is out of range") }
        return .double(value)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        var count = 0
        while let scalar = peek(), Self.digitValue(scalar) != nil {
            position += 1
            count += 1
        }
        return count
    }
}
