import SluiceCore
/// A Choice rule: a comparison of the value at `Variable`, or And/Or/Not of other rules.
public indirect enum ChoiceRule: Sendable {
    case and([ChoiceRule])
    case or([ChoiceRule])
    case not(ChoiceRule)
    case compare(variable: JSONPath, test: Test)

    public enum Operand: Sendable {
        case literal(JSON)
        case path(JSONPath)
    }

    public enum Test: Sendable {
        case stringEquals(Operand), stringLessThan(Operand), stringGreaterThan(Operand)
        case stringLessThanEquals(Operand), stringGreaterThanEquals(Operand), stringMatches(String)
        case numericEquals(Operand), numericLessThan(Operand), numericGreaterThan(Operand)
        case numericLessThanEquals(Operand), numericGreaterThanEquals(Operand)
        case booleanEquals(Operand)
        case timestampEquals(Operand), timestampLessThan(Operand), timestampGreaterThan(Operand)
        case timestampLessThanEquals(Operand), timestampGreaterThanEquals(Operand)
        case isNull(Bool), isPresent(Bool), isNumeric(Bool), isString(Bool), isBoolean(Bool), isTimestamp(Bool)
    }

    /// The comparison operators, with what their literal operand must be.
    static let operators: [String: (kind: OperandKind, make: @Sendable (Operand) -> Test)] = [
        "StringEquals": (.string, Test.stringEquals), "StringLessThan": (.string, Test.stringLessThan),
        "StringGreaterThan": (.string, Test.stringGreaterThan),
        "StringLessThanEquals": (.string, Test.stringLessThanEquals),
        "StringGreaterThanEquals": (.string, Test.stringGreaterThanEquals),
        "NumericEquals": (.number, Test.numericEquals), "NumericLessThan": (.number, Test.numericLessThan),
        "NumericGreaterThan": (.number, Test.numericGreaterThan),
        "NumericLessThanEquals": (.number, Test.numericLessThanEquals),
        "NumericGreaterThanEquals": (.number, Test.numericGreaterThanEquals),
        "BooleanEquals": (.boolean, Test.booleanEquals),
        "TimestampEquals": (.timestamp, Test.timestampEquals), "TimestampLessThan": (.timestamp, Test.timestampLessThan),
        "TimestampGreaterThan": (.timestamp, Test.timestampGreaterThan),
        "TimestampLessThanEquals": (.timestamp, Test.timestampLessThanEquals),
        "TimestampGreaterThanEquals": (.timestamp, Test.timestampGreaterThanEquals),
    ]

    static let typeTests: [String: @Sendable (Bool) -> Test] = [
        "IsNull": Test.isNull, "IsPresent": Test.isPresent, "IsNumeric": Test.isNumeric,
        "IsString": Test.isString, "IsBoolean": Test.isBoolean, "IsTimestamp": Test.isTimestamp,
    ]

    enum OperandKind: String {
        case string = "STRING", number = "NUMBER", boolean = "BOOLEAN", timestamp = "TIMESTAMP"

        func accepts(_ value: JSON) -> Bool {
            switch self {
            case .string: value.stringValue != nil
            case .number: value.isNumber
            case .boolean: value.boolValue != nil
            case .timestamp: value.stringValue.flatMap(Timestamp.parseMillis) != nil
            }
        }
    }
}

extension ChoiceRule {
    /// Reads one rule; `depth` bounds nesting so that a hostile definition cannot exhaust the
    /// stack.
    static func read(_ json: JSON, at location: String, depth: Int, _ report: inout [DefinitionDiagnostic], topLevel: Bool) -> ChoiceRule? {
        guard case .object(let object) = json else {
            report.append(.schema("A choice rule must be an OBJECT", at: location))
            return nil
        }
        guard depth < 32 else {
            report.append(.schema("Choice rules are nested too deeply", at: location))
            return nil
        }
        var reader = DefinitionReader(object, at: location)
        _ = reader.value("Comment")
        if topLevel { _ = reader.value("Next") }
        var rule: ChoiceRule?
        if let value = reader.value("And") ?? reader.value("Or") {
            let isAnd = object["And"] != nil
            guard case .array(let entries) = value, !entries.isEmpty else {
                report.append(.schema("The value for the field '\(isAnd ? "And" : "Or")' must be a non-empty ARRAY", at: location))
                return nil
            }
            let rules = entries.enumerated().compactMap {
                read($1, at: "\(location)/\(isAnd ? "And" : "Or")/\($0)", depth: depth + 1, &report, topLevel: false)
            }
            rule = isAnd ? .and(rules) : .or(rules)
        } else if let value = reader.value("Not") {
            rule = read(value, at: "\(location)/Not", depth: depth + 1, &report, topLevel: false).map(ChoiceRule.not)
        } else {
            rule = readComparison(&reader, &report)
        }
        reader.reportUnknownFields(stateType: nil, &report)
        return rule
    }

    private static func readComparison(_ reader: inout DefinitionReader, _ report: inout [DefinitionDiagnostic]) -> ChoiceRule? {
        guard let variable = reader.path("Variable", &report) else {
            if !reader.has("Variable") {
                report.append(.schema("These fields are required: [Variable]", at: reader.location))
            }
            return nil
        }
        var tests: [Test] = []
        for key in reader.object.keys where key != "Variable" && key != "Next" && key != "Comment" {
            let value = reader.value(key) ?? .null
            if let make = typeTests[key] {
                guard let flag = value.boolValue else {
                    report.append(.schema("The value for the field '\(key)' must be a BOOLEAN", at: reader.pointer(key)))
                    continue
                }
                tests.append(make(flag))
            } else if key == "StringMatches" {
                guard let pattern = value.stringValue else {
                    report.append(.schema("The value for the field 'StringMatches' must be a STRING", at: reader.pointer(key)))
                    continue
                }
                tests.append(.stringMatches(pattern))
            } else if key.hasSuffix("Path"), let entry = operators[String(key.dropLast(4))] {
                guard let text = value.stringValue, let path = try? JSONPath(text) else {
                    report.append(DefinitionDiagnostic(code: .invalidPath, message: "The value for the field '\(key)' must be a valid JSONPath", location: reader.pointer(key)))
                    continue
                }
                tests.append(entry.make(.path(path)))
            } else if let entry = operators[key] {
                guard entry.kind.accepts(value) else {
                    report.append(.schema("The value for the field '\(key)' must be a \(entry.kind.rawValue)", at: reader.pointer(key)))
                    continue
                }
                tests.append(entry.make(.literal(value)))
            } else {
                report.append(.schema("The field '\(key)' is not supported by Step Functions", at: reader.pointer(key)))
            }
        }
        guard tests.count == 1, let test = tests.first else {
            if tests.count > 1 {
                report.append(.schema("A choice rule must have exactly one comparison operator", at: reader.location))
            } else if tests.isEmpty {
                report.append(.schema("A choice rule needs a comparison operator", at: reader.location))
            }
            return nil
        }
        return .compare(variable: variable, test: test)
    }
}
