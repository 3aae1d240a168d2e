import SluiceCore
/// The array functions. Comparisons use JSON equality: deep, numbers by value, object members
/// in any order.
enum IntrinsicArrays {
    /// AWS refuses to build a range of more than 1,000 elements.
    static let maxRangeCount = 1000

    static func partition(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let array = try args.array(0, "array")
        let size = try args.integer(1, "chunk size")
        guard size > 0 else { throw args.failure("\(args.describe(1, "chunk size")) must be a positive integer, got \(size)") }
        let chunks = stride(from: 0, to: array.count, by: size).map { start in
            JSON.array(Array(array[start..<min(start + size, array.count)]))
        }
        return .array(chunks)
    }

    static func contains(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let array = try args.array(0, "array")
        return .bool(array.contains(try args.value(1)))
    }

    /// From start to end inclusive, by step (which may be negative); an empty array when the step
    /// points away from the end.
    static func range(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let start = try args.integer(0, "start")
        let end = try args.integer(1, "end")
        let step = try args.integer(2, "step")
        guard step != 0 else { throw args.failure("\(args.describe(2, "step")) must not be 0") }
        let count = (step > 0 ? start <= end : start >= end) ? (end - start) / step + 1 : 0
        guard count <= maxRangeCount else {
            throw args.failure("the range would have \(count) elements, more than the \(maxRangeCount) allowed")
        }
        return .array((0..<count).map { .int(start + $0 * step) })
    }

    static func getItem(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let array = try args.array(0, "array")
        let index = try args.integer(1, "index")
        guard array.indices.contains(index) else {
            throw args.failure("\(args.describe(1, "index")) \(index) is out of bounds for an array of \(array.count) element(s)")
        }
        return array[index]
    }

    static func length(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        .int(try args.array(0, "array").count)
    }

    /// Keeps the first occurrence of each distinct value, in order.
    static func unique(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        var seen = Set<JSON>()
        return .array(try args.array(0, "array").filter { seen.insert($0).inserted })
    }
}
