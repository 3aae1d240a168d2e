import SluiceCore

/// `States.MathRandom` and `States.MathAdd`. Arguments are integers: non-integers are rounded
/// half-up, and values must fit 32 bits (see `IntrinsicArguments.integer`).
enum IntrinsicMath {
    /// An integer in [start, end). With a seed the result depends only on the arguments, so the
    /// same call gives the same number every time.
    static func random(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let start = try args.integer(0, "start")
        let end = try args.integer(1, "end")
        guard start < end else {
            throw args.failure("\(args.describe(0, "start")) \(start) must be less than \(args.describe(1, "end")) \(end)")
        }
        let span = UInt64(end - start)
        let offset: UInt64
        if args.count > 2 {
            var generator = SplitMix64(seed: UInt64(bitPattern: Int64(try args.integer(2, "seed"))))
            offset = generator.next(upperBound: span)
        } else {
            var generator = SystemRandomNumberGenerator()
            offset = generator.next(upperBound: span)
        }
        return .int(start + Int(offset))
    }

    /// The sum of the two arguments after each is rounded: MathAdd(1.5, 1.51) is 2 + 2 = 4.
    static func add(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        .int(try args.integer(0, "first value") + args.integer(1, "second value"))
    }
}
