import Crypto
import SluiceCore

/// `States.Base64Encode`, `States.Base64Decode` and `States.Hash`.
enum IntrinsicEncoding {
    /// AWS limits the input of each of these functions to 10,000 characters.
    static let maxInputLength = 10_000

    static func base64Encode(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try args.string(0, "string")
        try args.limitLength(text, 0, "string", to: maxInputLength)
        return .string(Base64Text.encode(Array(text.utf8)))
    }

    /// The decoded bytes must be UTF-8 text, since the result is a JSON string.
    static func base64Decode(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let text = try args.string(0, "base64 data")
        try args.limitLength(text, 0, "base64 data", to: maxInputLength)
        guard let bytes = IntrinsicBase64.decode(text) else {
            throw args.failure("\(args.describe(0, "base64 data")) is not valid base64")
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw args.failure("\(args.describe(0, "base64 data")) does not decode to UTF-8 text")
        }
        return .string(decoded)
    }

    /// The lowercase hex digest of the data's UTF-8 bytes. Data that is not a string is hashed as
    /// its compact JSON text (`{"a":1}`, `42`).
    static func hash(_ args: IntrinsicArguments) throws(StatesError) -> JSON {
        let data = try args.value(0)
        if data == .null { throw args.failure("\(args.describe(0, "data")) must not be null") }
        if data.stringValue == nil, data.compactByteCount(limit: 4 * maxInputLength) == nil {
            throw args.failure("\(args.describe(0, "data")) is longer than \(maxInputLength) characters")
        }
        let text = data.stringValue ?? data.compactText
        try args.limitLength(text, 0, "data", to: maxInputLength)
        let algorithm = try args.string(1, "algorithm")
        let bytes = Array(text.utf8)
        let digest: [UInt8]
        switch algorithm {
        case "MD5": digest = Array(Insecure.MD5.hash(data: bytes))
        case "SHA-1": digest = Array(Insecure.SHA1.hash(data: bytes))
        case "SHA-256": digest = Array(SHA256.hash(data: bytes))
        case "SHA-384": digest = Array(SHA384.hash(data: bytes))
        case "SHA-512": digest = Array(SHA512.hash(data: bytes))
        default:
            throw args.failure(
                "\(args.describe(1, "algorithm")) must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got '\(algorithm)'"
            )
        }
        return .string(Hex.lowercase(digest))
    }

}
