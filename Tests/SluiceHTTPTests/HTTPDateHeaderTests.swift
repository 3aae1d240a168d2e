import Testing
@testable import SluiceHTTP

@Suite("The Date response header")
struct HTTPDateHeaderTests {
    @Test("formats as RFC 9110's IMF-fixdate", arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_795_398_409, "Mon, 23 Nov 2026 01:46:49 GMT"),
        (951_825_600, "Tue, 29 Feb 2000 12:00:00 GMT"),
    ])
    func format(seconds: Int, expected: String) {
        #expect(HTTPDateHeader.format(seconds) == expected)
    }
}
