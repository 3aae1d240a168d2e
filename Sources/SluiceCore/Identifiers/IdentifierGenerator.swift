import Synchronization

/// Random identifiers for the hot paths: message ids and receipt tokens.
///
/// `UUID()` on Linux opens `/dev/urandom` for every id, a syscall per message that showed as
/// 6% of a send-heavy profile. This is xoshiro256** seeded once per process from the system's
/// CSPRNG: ids are unique and unpredictable enough to tell receives apart, which is all they
/// are for (nothing is authorised by knowing one).
public enum IdentifierGenerator {
    private static let state = Mutex(Xoshiro256(seededBy: SystemRandomNumberGenerator()))

    public static func next64() -> UInt64 {
        state.withLock { $0.next() }
    }

    /// A version-4 UUID in lowercase, as SQS writes MessageIds. Written straight into the
    /// string's storage: one per message and one per request.
    public static func uuid() -> String {
        let (high, low) = state.withLock { ($0.next(), $0.next()) }
        let versioned = (high & ~0xF000) | 0x4000
        let varianted = (low & ~(0xC << 60)) | (0x8 << 60)
        return String(unsafeUninitializedCapacity: 36) { out in
            var position = 0
            for nibble in 0..<32 {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    out[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = nibble < 16 ? versioned : varianted
                let shift = UInt64(60 - (nibble % 16) * 4)
                out[position] = Hex.digits[Int((word >> shift) & 0xF)]
                position += 1
            }
            return 36
        }
    }
}

/// xoshiro256** (Blackman and Vigna).
struct Xoshiro256: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init(seededBy source: some RandomNumberGenerator) {
        var source = source
        s = (source.next(), source.next(), source.next(), source.next())
        if s == (0, 0, 0, 0) { s.0 = 1 }
    }

    mutating func next() -> UInt64 {
        let result = rotate(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotate(s.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
