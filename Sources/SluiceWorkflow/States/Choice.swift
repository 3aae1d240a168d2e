import SluiceCore
/// Choice: moves to the Next of the first rule that matches, else to Default; with neither,
/// fails with States.NoChoiceMatched.
public struct ChoiceState: Sendable {
    public var choices: [(rule: ChoiceRule, next: String)]
    public var defaultState: String?

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, _ report: inout [DefinitionDiagnostic]) {
        state.inputPath = reader.inputOutputPath("InputPath", &report)
        state.outputPath = reader.inputOutputPath("OutputPath", &report)
        let defaultState = reader.string("Default", &report)
        var choices: [(rule: ChoiceRule, next: String)] = []
        if let value = reader.value("Choices") {
            if case .array(let entries) = value, !entries.isEmpty {
                for (index, entry) in entries.enumerated() {
                    let at = reader.pointer("Choices") + "/\(index)"
                    guard let next = entry["Next"]?.stringValue else {
                        report.append(.schema("These fields are required: [Next]", at: at))
                        continue
                    }
                    if let rule = ChoiceRule.read(entry, at: at, depth: 0, &report, topLevel: true) {
                        choices.append((rule, next))
                    }
                }
            } else {
                report.append(.schema("The value for the field 'Choices' must be a non-empty ARRAY", at: reader.pointer("Choices")))
            }
        } else {
            report.append(.schema("These fields are required: [Choices]", at: reader.location))
        }
        state.kind = .choice(ChoiceState(choices: choices, defaultState: defaultState))
    }

    /// The state to go to for `input`.
    func nextState(input: JSON, context: JSON) throws(StatesError) -> String {
        for choice in choices where try choice.rule.matches(input: input, context: context) {
            return choice.next
        }
        if let defaultState { return defaultState }
        throw StatesError(name: "States.NoChoiceMatched", cause: "No Matches!")
    }
}

extension ChoiceRule {
    func matches(input: JSON, context: JSON) throws(StatesError) -> Bool {
        switch self {
        case .and(let rules):
            for rule in rules where try !rule.matches(input: input, context: context) { return false }
            return true
        case .or(let rules):
            for rule in rules where try rule.matches(input: input, context: context) { return true }
            return false
        case .not(let rule):
            return try !rule.matches(input: input, context: context)
        case .compare(let variable, let test):
            let value = variable.evaluateIfPresent(variable.isContextPath ? context : input)
            return try test.holds(for: value, variable: variable, input: input, context: context)
        }
    }
}

extension ChoiceRule.Test {
    /// Whether the test holds for `value` (nil when Variable selects nothing). Comparing values
    /// of different types is false, not an error; a missing Variable is an error except for
    /// IsPresent.
    func holds(for value: JSON?, variable: JSONPath, input: JSON, context: JSON) throws(StatesError) -> Bool {
        if case .isPresent(let expected) = self { return (value != nil) == expected }
        guard let value else {
            throw StatesError.runtime("Invalid path '\(variable.text)': The choice state's condition path references an invalid value.")
        }
        func operand(_ operand: ChoiceRule.Operand) throws(StatesError) -> JSON? {
            switch operand {
            case .literal(let literal): return literal
            case .path(let path): return path.evaluateIfPresent(path.isContextPath ? context : input)
            }
        }
        func strings(_ op: ChoiceRule.Operand, _ compare: (String, String) -> Bool) throws(StatesError) -> Bool {
            guard let left = value.stringValue, let right = try operand(op)?.stringValue else { return false }
            return compare(left, right)
        }
        func numbers(_ op: ChoiceRule.Operand, _ compare: (Double, Double) -> Bool) throws(StatesError) -> Bool {
            guard let left = value.doubleValue, let right = try operand(op)?.doubleValue else { return false }
            return compare(left, right)
        }
        func timestamps(_ op: ChoiceRule.Operand, _ compare: (Int64, Int64) -> Bool) throws(StatesError) -> Bool {
            guard let left = value.stringValue.flatMap(Timestamp.parseMillis),
                let right = try operand(op)?.stringValue.flatMap(Timestamp.parseMillis)
            else { return false }
            return compare(left, right)
        }
        switch self {
        case .stringEquals(let op): return try strings(op, ==)
        case .stringLessThan(let op): return try strings(op, { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        case .stringGreaterThan(let op): return try strings(op, { $1.unicodeScalars.lexicographicallyPrecedes($0.unicodeScalars) })
        case .stringLessThanEquals(let op): return try strings(op, { !$1.unicodeScalars.lexicographicallyPrecedes($0.unicodeScalars) })
        case .stringGreaterThanEquals(let op): return try strings(op, { !$0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        case .stringMatches(let pattern):
            guard let text = value.stringValue else { return false }
            return WildcardPattern(pattern).matches(text)
        case .numericEquals(let op): return try numbers(op, ==)
        case .numericLessThan(let op): return try numbers(op, <)
        case .numericGreaterThan(let op): return try numbers(op, >)
        case .numericLessThanEquals(let op): return try numbers(op, <=)
        case .numericGreaterThanEquals(let op): return try numbers(op, >=)
        case .booleanEquals(let op):
            guard let left = value.boolValue, let right = try operand(op)?.boolValue else { return false }
            return left == right
        case .timestampEquals(let op): return try timestamps(op, ==)
        case .timestampLessThan(let op): return try timestamps(op, <)
        case .timestampGreaterThan(let op): return try timestamps(op, >)
        case .timestampLessThanEquals(let op): return try timestamps(op, <=)
        case .timestampGreaterThanEquals(let op): return try timestamps(op, >=)
        case .isNull(let expected): return (value == .null) == expected
        case .isNumeric(let expected): return value.isNumber == expected
        case .isString(let expected): return (value.stringValue != nil) == expected
        case .isBoolean(let expected): return (value.boolValue != nil) == expected
        case .isTimestamp(let expected):
            return (value.stringValue.flatMap(Timestamp.parseMillis) != nil) == expected
        case .isPresent: return true
        }
    }
}

/// StringMatches patterns: `*` matches any run of characters; `\*` and `\\` are literal.
struct WildcardPattern {
    enum Piece: Equatable { case literal(Character), star }
    let pieces: [Piece]

    init(_ pattern: String) {
        var pieces: [Piece] = []
        var escaped = false
        for character in pattern {
            if escaped {
                pieces.append(.literal(character))
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                pieces.append(character == "*" ? .star : .literal(character))
            }
        }
        if escaped { pieces.append(.literal("\\")) }
        self.pieces = pieces
    }

    /// Greedy matching with backtracking to the last star: linear in practice, never
    /// exponential.
    func matches(_ text: String) -> Bool {
        let characters = Array(text)
        var p = 0, t = 0
        var starP = -1, starT = 0
        while t < characters.count {
            if p < pieces.count, case .literal(let c) = pieces[p], c == characters[t] {
                p += 1; t += 1
            } else if p < pieces.count, pieces[p] == .star {
                starP = p; starT = t; p += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < pieces.count, pieces[p] == .star { p += 1 }
        return p == pieces.count
    }
}
