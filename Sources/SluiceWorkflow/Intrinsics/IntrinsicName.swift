/// The intrinsic functions Step Functions provides, with how many arguments each accepts.
enum IntrinsicName: String, CaseIterable, Sendable, Hashable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"

    /// The smallest and largest argument counts; `Int.max` for no upper bound.
    var arity: ClosedRange<Int> {
        switch self {
        case .uuid: 0...0
        case .array: 0...Int.max
        case .format: 1...Int.max
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode: 1...1
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: 2...2
        case .mathRandom: 2...3
        case .arrayRange, .jsonMerge: 3...3
        }
    }

    /// "exactly 2 arguments", "at least 1 argument", "2 or 3 arguments".
    var arityDescription: String {
        let range = arity
        func plural(_ count: Int) -> String { count == 1 ? "argument" : "arguments" }
        if range.upperBound == Int.max { return "at least \(range.lowerBound) \(plural(range.lowerBound))" }
        if range.lowerBound == range.upperBound { return "exactly \(range.lowerBound) \(plural(range.lowerBound))" }
        return "\(range.lowerBound) to \(range.upperBound) arguments"
    }
}
