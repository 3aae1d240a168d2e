import SluiceCore
import Testing

@Suite("Functions: names as Lambda reads them")
struct FunctionNameTests {
    @Test("a name, a qualified name and both ARN forms name the same function", arguments: [
        ("score", "score", nil, nil),
        ("score:$LATEST", "score", "$LATEST", nil),
        ("score:prod", "score", "prod", nil),
        ("123456789012:function:score", "score", nil, "123456789012"),
        ("arn:aws:lambda:us-east-1:123456789012:function:score", "score", nil, "123456789012"),
        ("arn:aws:lambda:us-gov-west-1:123456789012:function:score:7", "score", "7", "123456789012"),
    ] as [(String, String, String?, String?)])
    func parses(text: String, name: String, qualifier: String?, account: String?) throws {
        let parsed = try FunctionName.parse(text)
        #expect(parsed.name == name)
        #expect(parsed.qualifier == qualifier)
        #expect(parsed.account == account)
    }

    @Test("anything else is a ValidationException quoting Lambda's pattern", arguments: [
        "", "bad name", "a:b:c", "arn:aws:s3:::bucket", "arn:aws:lambda:us-east-1:12:function:x",
        "arn:aws:lambda:nowhere:123456789012:function:x", "score:", "x/y", String(repeating: "a", count: 171),
    ])
    func refuses(text: String) {
        #expect {
            try FunctionName.parse(text)
        } throws: { error in
            (error as? SluiceError)?.code == .validation
        }
    }

    @Test("a bare name longer than 64 characters is refused with Lambda's length message")
    func longName() {
        #expect {
            try FunctionName.parse(String(repeating: "a", count: 65))
        } throws: { error in
            (error as? SluiceError)?.message.contains("length less than or equal to 64") == true
        }
    }
}
