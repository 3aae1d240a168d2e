import SluiceCore
/// `States.StringToJson`, `States.JsonToString` and `States.JsonMerge`.
enum IntrinsicJSON {
    /// Parses the string as JSON. A blank string gives null, as Step Functions' JSON reader
    /// does, rather than a parse error.
    static func stringToJson(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try args.string(0, "JSON text")
        guard text.contains(where: { !$0.isWhitespace }) else { return .null }
        do {
            return try JSON.parse(text)
        } catch {
            throw args.failure("\(args.describe(0, "JSON text")) is not valid JSON: \(error.description)")
        }
    }

    /// Compact text, members in order: `{"Arg1":1,"Arg2":[]}`.
    static func jsonToString(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let value = try args.value(0)
        guard value.compactByteCount(limit: Interpreter.maxPayloadBytes) != nil else {
            throw args.failure("the JSON text would be larger than \(Interpreter.maxPayloadBytes) bytes")
        }
        return .string(value.compactText)
    }

    /// A shallow merge: the second object's members replace the first's, whole. Step Functions
    /// supports only that, so a deep-merge flag of `true` is an error.
    static func merge(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        var merged = try args.object(0, "first object")
        let other = try args.object(1, "second object")
        guard try !args.bool(2, "deep merge") else {
            throw args.failure("\(args.describe(2, "deep merge")) must be false: only shallow merging is supported")
        }
        for (key, value) in other {
            merged[key] = value
        }
        return .object(merged)
    }
}
