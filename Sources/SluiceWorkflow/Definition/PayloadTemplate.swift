import SluiceCore
/// A Parameters, ResultSelector or ItemSelector block: JSON whose members named `key.$` take
/// their value from a path, a context path or an intrinsic function when the state runs.
/// Compiled once, when the definition is read.
public indirect enum PayloadTemplate: Sendable {
    case literal(JSON)
    case object([(key: String, value: PayloadTemplate)])
    case array([PayloadTemplate])
    case path(JSONPath)
    case function(IntrinsicFunction)

    /// Compiles `json`, recording a diagnostic for each `.$` member whose value is not a valid
    /// path or intrinsic function.
    static func compile(_ json: JSON, at location: String, _ report: inout [DefinitionDiagnostic]) -> PayloadTemplate {
        switch json {
        case .object(let members):
            var compiled: [(key: String, value: PayloadTemplate)] = []
            var isLiteral = true
            for (key, value) in members {
                let pointer = "\(location)/\(key)"
                if key.hasSuffix(".$") {
                    isLiteral = false
                    let name = String(key.dropLast(2))
                    guard case .string(let expression) = value else {
                        report.append(.schema("The value for the field '\(key)' must be a STRING that contains a JSONPath or an intrinsic function", at: pointer))
                        continue
                    }
                    compiled.append((name, compileExpression(expression, field: key, at: pointer, &report)))
                } else {
                    let member = compile(value, at: pointer, &report)
                    if case .literal = member {} else { isLiteral = false }
                    compiled.append((key, member))
                }
            }
            return isLiteral ? .literal(json) : .object(compiled)
        case .array(let elements):
            let compiled = elements.enumerated().map { compile($1, at: "\(location)/\($0)", &report) }
            if compiled.allSatisfy({ if case .literal = $0 { true } else { false } }) { return .literal(json) }
            return .array(compiled)
        default:
            return .literal(json)
        }
    }

    private static func compileExpression(
        _ expression: String, field: String, at pointer: String, _ report: inout [DefinitionDiagnostic]
    ) -> PayloadTemplate {
        if IntrinsicFunction.looksLikeCall(expression) {
            do {
                return .function(try IntrinsicFunction(parsing: expression))
            } catch {
                report.append(DefinitionDiagnostic(code: .invalidIntrinsic, message: "The value for the field '\(field)' must be a valid intrinsic function: \(error.message)", location: pointer))
            }
        } else {
            do {
                return .path(try JSONPath(expression))
            } catch {
                report.append(DefinitionDiagnostic(code: .invalidPath, message: "The value for the field '\(field)' must be a valid JSONPath or a valid intrinsic function call", location: pointer))
            }
        }
        return .literal(.null)
    }

    /// The payload for `input`, with `$$` paths read from `context`.
    public func evaluate(input: JSON, context: JSON) throws(StatesError) -> JSON {
        switch self {
        case .literal(let value):
            return value
        case .object(let members):
            var object = JSONObject(minimumCapacity: members.count)
            for (key, member) in members {
                object[key] = try member.evaluateMember(key: key, input: input, context: context)
            }
            return .object(object)
        case .array(let elements):
            var array: [JSON] = []
            array.reserveCapacity(elements.count)
            for element in elements {
                array.append(try element.evaluate(input: input, context: context))
            }
            return .array(array)
        case .path(let path):
            return try path.evaluate(path.isContextPath ? context : input)
        case .function(let function):
            return try function.evaluate(input: input, context: context)
        }
    }

    /// A `.$` member whose path selects nothing fails with the message AWS gives, naming the
    /// field and the input it was read from.
    private func evaluateMember(key: String, input: JSON, context: JSON) throws(StatesError) -> JSON {
        guard case .path(let path) = self else { return try evaluate(input: input, context: context) }
        let root = path.isContextPath ? context : input
        if let value = path.evaluateIfPresent(root) {
            return value
        }
        throw StatesError.runtime(
            "The JSONPath '\(path.text)' specified for the field '\(key).$' could not be found in the input '\(root.compactText)'"
        )
    }
}
