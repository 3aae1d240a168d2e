import SluiceCore
/// The evaluated arguments of one call, with typed accessors that throw
/// `States.IntrinsicFailure` naming the function, the argument and what was wrong.
struct IntrinsicArguments {
    let function: IntrinsicName
    let values: [JSON]

    var count: Int { values.count }

    func failure(_ problem: String) -> StatesError {
        .intrinsicFailure("Invalid arguments in \(function.rawValue): \(problem)")
    }

    /// The argument at `index`; callers stay within the arity the parser checked.
    func value(_ index: Int) throws(StatesError) -> JSON {
        guard values.indices.contains(index) else { throw failure("argument \(index + 1) is missing") }
        return values[index]
    }

    func string(_ index: Int, _ role: String) throws(StatesError) -> String {
        let value = try value(index)
        guard let string = value.stringValue else { throw mismatch(index, role, "a string", value) }
        return string
    }

    func array(_ index: Int, _ role: String) throws(StatesError) -> [JSON] {
        let value = try value(index)
        guard let array = value.arrayValue else { throw mismatch(index, role, "an array", value) }
        return array
    }

    func object(_ index: Int, _ role: String) throws(StatesError) -> JSONObject {
        let value = try value(index)
        guard let object = value.objectValue else { throw mismatch(index, role, "an object", value) }
        return object
    }

    func bool(_ index: Int, _ role: String) throws(StatesError) -> Bool {
        let value = try value(index)
        guard let flag = value.boolValue else { throw mismatch(index, role, "a boolean", value) }
        return flag
    }

    /// A number argument that must be an integer. As AWS documents, a non-integer is rounded to
    /// the nearest integer, halves toward +infinity (Java's `Math.round`: 1.5 → 2, -1.5 → -1),
    /// and the result must fit a 32-bit signed integer.
    func integer(_ index: Int, _ role: String) throws(StatesError) -> Int {
        let value = try value(index)
        guard let number = value.doubleValue else { throw mismatch(index, role, "a number", value) }
        if case .int(let exact) = value, (Int(Int32.min)...Int(Int32.max)).contains(exact) { return exact }
        let floor = number.rounded(.down)
        let rounded = number - floor >= 0.5 ? floor + 1 : floor
        guard rounded >= Double(Int32.min), rounded <= Double(Int32.max) else {
            throw failure("\(describe(index, role)) must be between \(Int32.min) and \(Int32.max), got \(value.compactText)")
        }
        return Int(rounded)
    }

    /// A string's length as Java counts it (UTF-16 code units), for AWS's 10,000 character limits.
    func limitLength(_ text: String, _ index: Int, _ role: String, to limit: Int) throws(StatesError) {
        guard text.utf16.count <= limit else {
            throw failure("\(describe(index, role)) must be at most \(limit) characters long")
        }
    }

    func describe(_ index: Int, _ role: String) -> String {
        "argument \(index + 1) (\(role))"
    }

    private func mismatch(_ index: Int, _ role: String, _ expected: String, _ value: JSON) -> StatesError {
        failure("\(describe(index, role)) must be \(expected), got \(value.typeName)")
    }
}
