import SluiceCore
extension IntrinsicFunction.Call {
    /// Evaluates the arguments left to right (nested calls first), then applies the function.
    /// Recursion is bounded by the parser's nesting limit.
    func evaluate(input: JSON, context: JSON) throws(StatesError) -> JSON {
        var values: [JSON] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            values.append(try argument.evaluate(input: input, context: context))
        }
        let args = IntrinsicArguments(function: name, values: values)
        switch name {
        case .format: return try IntrinsicStrings.format(args, template: arguments.first)
        case .stringSplit: return try IntrinsicStrings.split(args)
        case .uuid: return IntrinsicStrings.uuid()
        case .stringToJson: return try IntrinsicJSON.stringToJson(args)
        case .jsonToString: return try IntrinsicJSON.jsonToString(args)
        case .jsonMerge: return try IntrinsicJSON.merge(args)
        case .array: return .array(values)
        case .arrayPartition: return try IntrinsicArrays.partition(args)
        case .arrayContains: return try IntrinsicArrays.contains(args)
        case .arrayRange: return try IntrinsicArrays.range(args)
        case .arrayGetItem: return try IntrinsicArrays.getItem(args)
        case .arrayLength: return try IntrinsicArrays.length(args)
        case .arrayUnique: return try IntrinsicArrays.unique(args)
        case .base64Encode: return try IntrinsicEncoding.base64Encode(args)
        case .base64Decode: return try IntrinsicEncoding.base64Decode(args)
        case .hash: return try IntrinsicEncoding.hash(args)
        case .mathRandom: return try IntrinsicMath.random(args)
        case .mathAdd: return try IntrinsicMath.add(args)
        }
    }
}

extension IntrinsicFunction.Argument {
    func evaluate(input: JSON, context: JSON) throws(StatesError) -> JSON {
        switch self {
        case .literal(let value): value
        case .string(let literal): .string(literal.value)
        case .path(let path): try path.evaluate(path.isContextPath ? context : input)
        case .call(let call): try call.evaluate(input: input, context: context)
        }
    }
}
