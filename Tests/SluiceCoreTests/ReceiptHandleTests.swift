import Foundation
@testable import SluiceCore
import Testing

@Suite("Receipt handles: the text clients hold, coded without Foundation")
struct ReceiptHandleTests {
    /// The layout handed out since the first release: base64 of a version byte and three
    /// big-endian words. Handles already in clients' hands must keep parsing.
    static func foundationText(_ handle: ReceiptHandle) -> String {
        var bytes: [UInt8] = [1]
        for value in [UInt64(bitPattern: handle.queueId), UInt64(bitPattern: handle.sequenceNumber), handle.token] {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return Data(bytes).base64EncodedString()
    }

    static let handles = [
        ReceiptHandle(queueId: 7, sequenceNumber: 123_456, token: .max),
        ReceiptHandle(queueId: 1, sequenceNumber: 1, token: 1),
        ReceiptHandle(queueId: .max, sequenceNumber: .min, token: 0xFBFF_FEFF_3E3F_0001),
        ReceiptHandle(queueId: -1, sequenceNumber: 0, token: 0),
    ]

    @Test("a handle's text is the documented layout and reads back", arguments: handles)
    func layout(handle: ReceiptHandle) {
        #expect(handle.description == Self.foundationText(handle))
        #expect(ReceiptHandle(handle.description) == handle)
    }

    @Test("texts that are not a handle are refused", arguments: [
        "", "not-a-handle", String(repeating: "A", count: 36),
        // Version 2.
        Data([2] + [UInt8](repeating: 0, count: 24)).base64EncodedString(),
        // A character outside the alphabet, a URL-safe one, padding in the middle.
        "AQAAAAAAAA*HAAAAAAAB4kD//////////w==", "AQAAAAAAAA_HAAAAAAAB4kD//////////w==",
        "AQAAAAAAAAAHAAAAAAAB=kD//////////w==",
        // The last symbol with unused bits set: another spelling of a real handle.
        "AQAAAAAAAAAHAAAAAAAB4kD//////////x==",
    ])
    func refused(text: String) {
        #expect(ReceiptHandle(text) == nil)
    }

    @Test("base64 agrees with Foundation at every length up to 40")
    func base64MatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64Text.encode(bytes)
            #expect(text == Data(bytes).base64EncodedString())
            var utf8 = Array(text.utf8)
            #expect(utf8.withUnsafeBufferPointer { Base64Text.decode($0) } == bytes)
            utf8.append(UInt8(ascii: "A"))
            #expect(utf8.withUnsafeBufferPointer { Base64Text.decode($0) } == nil)
        }
    }
}
