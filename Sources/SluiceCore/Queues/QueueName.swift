/// Queue name rules: 1–80 characters of `[A-Za-z0-9_-]`; FIFO queue names end in `.fifo`
/// (the suffix counts toward the 80).
public enum QueueName {
    public static let maxLength = 80

    public static func isFifoName(_ name: String) -> Bool { name.hasSuffix(".fifo") }

    public static func validate(_ name: String, fifo: Bool) throws(SluiceError) {
        let base = fifo && isFifoName(name) ? String(name.dropLast(5)) : name
        let validCharacters = !base.isEmpty && base.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard validCharacters, name.utf8.count <= maxLength else {
            if fifo {
                throw SluiceError(
                    .invalidParameterValue,
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
                )
            }
            throw SluiceError(
                .invalidParameterValue,
                "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
            )
        }
        if fifo && !isFifoName(name) {
            throw SluiceError(
                .invalidParameterValue,
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
            )
        }
    }
}
