import SluiceCore
/// Reads one JSON object of a definition, field by field, recording a diagnostic for each field
/// that is missing, mistyped or not allowed, so that one pass reports every problem.
struct DefinitionReader {
    let object: JSONObject
    let location: String
    private(set) var used: Set<String> = []

    init(_ object: JSONObject, at location: String) {
        self.object = object
        self.location = location
    }

    func pointer(_ field: String) -> String { "\(location)/\(field)" }

    func has(_ field: String) -> Bool { object[field] != nil }

    mutating func value(_ field: String) -> JSON? {
        used.insert(field)
        return object[field]
    }

    mutating func string(_ field: String, _ report: inout [DefinitionDiagnostic]) -> String? {
        guard let value = value(field) else { return nil }
        guard case .string(let text) = value else {
            report.append(.schema("The value for the field '\(field)' must be a STRING", at: pointer(field)))
            return nil
        }
        return text
    }

    mutating func requiredString(_ field: String, _ report: inout [DefinitionDiagnostic]) -> String? {
        guard has(field) else {
            report.append(.schema("These fields are required: [\(field)]", at: location))
            return nil
        }
        return string(field, &report)
    }

    mutating func bool(_ field: String, _ report: inout [DefinitionDiagnostic]) -> Bool? {
        guard let value = value(field) else { return nil }
        guard case .bool(let flag) = value else {
            report.append(.schema("The value for the field '\(field)' must be a BOOLEAN", at: pointer(field)))
            return nil
        }
        return flag
    }

    /// A whole number within `range` (AWS accepts `3.0` as 3).
    mutating func integer(_ field: String, in range: ClosedRange<Int>, _ report: inout [DefinitionDiagnostic]) -> Int? {
        guard let value = value(field) else { return nil }
        guard let number = value.wholeNumber else {
            report.append(.schema("The value for the field '\(field)' must be an INTEGER", at: pointer(field)))
            return nil
        }
        guard range.contains(number) else {
            report.append(.schema("The value for the field '\(field)' must be between \(range.lowerBound) and \(range.upperBound)", at: pointer(field)))
            return nil
        }
        return number
    }

    mutating func number(_ field: String, _ report: inout [DefinitionDiagnostic]) -> Double? {
        guard let value = value(field) else { return nil }
        guard let number = value.doubleValue else {
            report.append(.schema("The value for the field '\(field)' must be a NUMBER", at: pointer(field)))
            return nil
        }
        return number
    }

    mutating func path(_ field: String, _ report: inout [DefinitionDiagnostic]) -> JSONPath? {
        guard let text = string(field, &report) else { return nil }
        do {
            return try JSONPath(text)
        } catch {
            report.append(DefinitionDiagnostic(code: .invalidPath, message: "The value for the field '\(field)' must be a valid JSONPath: \(error.message)", location: pointer(field)))
            return nil
        }
    }

    /// Reports every field of the object that no reader asked for.
    func reportUnknownFields(stateType: String?, _ report: inout [DefinitionDiagnostic]) {
        for key in object.keys where !used.contains(key) {
            if let stateType {
                report.append(.schema("Field '\(key)' is not supported by state type '\(stateType)'", at: pointer(key)))
            } else {
                report.append(.schema("The field '\(key)' is not supported by Step Functions", at: pointer(key)))
            }
        }
    }
}

extension DefinitionDiagnostic {
    static func schema(_ message: String, at location: String) -> DefinitionDiagnostic {
        DefinitionDiagnostic(code: .schemaValidationFailed, message: message, location: location)
    }
}
