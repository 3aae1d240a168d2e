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
            var generator = IntrinsicSeededGenerator(seed: UInt64(bitPattern: Int64(try args.integer(2, "seed"))))
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

/// SplitMix64: a small generator whose sequence is fixed by its seed, for seeded MathRandom.
struct IntrinsicSeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
