/// A function named the ways Lambda accepts: `my-function`, `my-function:QUALIFIER`,
/// `123456789012:function:my-function[:QUALIFIER]` or
/// `arn:aws:lambda:REGION:123456789012:function:my-function[:QUALIFIER]`.
public struct FunctionName: Sendable, Hashable {
    public var name: String
    public var qualifier: String?
    public var region: String?
    public var account: String?

    public init(name: String, qualifier: String? = nil, region: String? = nil, account: String? = nil) {
        self.name = name
        self.qualifier = qualifier
        self.region = region
        self.account = account
    }

    /// The pattern Lambda's API reference gives for FunctionName, quoted in its errors.
    public static let pattern =
        #"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?"#

    /// Reads a FunctionName parameter; anything else is Lambda's ValidationException.
    public static func parse(_ text: String, member: String = "functionName") throws(SluiceError) -> FunctionName {
        let invalid = SluiceError(
            .validation,
            "1 validation error detected: Value '\(text)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern)")
        guard !text.isEmpty, text.utf8.count <= 170 else { throw invalid }
        var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var parsed = FunctionName(name: "")
        if parts.first == "arn" {
            guard parts.count >= 7, parts[1].hasPrefix("aws"), parts[2] == "lambda", isRegion(parts[3]),
                isAccount(parts[4]), parts[5] == "function"
            else { throw invalid }
            parsed.region = parts[3]
            parsed.account = parts[4]
            parts.removeFirst(6)
        } else if parts.count >= 3, parts[1] == "function" {
            guard isAccount(parts[0]) else { throw invalid }
            parsed.account = parts[0]
            parts.removeFirst(2)
        }
        guard (1...2).contains(parts.count), isName(parts[0]) else { throw invalid }
        guard parts[0].utf8.count <= 64 else {
            throw SluiceError(
                .validation,
                "1 validation error detected: Value '\(text)' at '\(member)' failed to satisfy constraint: Member must have length less than or equal to 64")
        }
        parsed.name = parts[0]
        if parts.count == 2 {
            guard parts[1] == "$LATEST" || isName(parts[1]) else { throw invalid }
            parsed.qualifier = parts[1]
        }
        return parsed
    }

    /// A name CreateFunction accepts: 1–64 letters, digits, `-` and `_`.
    public static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                true
            default: false
            }
        }
    }

    private static func isAccount(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `us-east-1`, `us-gov-west-1`: two letters, words, one digit.
    private static func isRegion(_ text: String) -> Bool {
        let words = text.split(separator: "-", omittingEmptySubsequences: false)
        guard words.count >= 3, words[0].count == 2, let last = words.last, last.count == 1,
            last.allSatisfy(\.isASCII), last.allSatisfy(\.isNumber)
        else { return false }
        return words.dropFirst().dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }
}
