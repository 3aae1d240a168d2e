import Foundation
import SluiceCore
import Testing

@Suite("JSON strings: the word-at-a-time scan finds what a byte loop finds; quoting reads back")
struct JSONStringTextTests {
    static func naive(_ bytes: [UInt8], from start: Int) -> Int {
        bytes[start...].firstIndex { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") } ?? bytes.count
    }

    @Test("every byte that needs escaping, at every offset of a word, behind every kind of neighbour")
    func everyPosition() {
        let fillers: [UInt8] = [UInt8(ascii: "x"), 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x21, 0x23, 0x5B, 0x5D]
        let needles: [UInt8] = Array(0..<0x20) + [UInt8(ascii: "\""), UInt8(ascii: "\\")]
        for filler in fillers {
            for length in 0..<20 {
                for position in 0...length {
                    for needle in needles {
                        var bytes = [UInt8](repeating: filler, count: length)
                        if position < length { bytes[position] = needle }
                        for start in [0, min(1, length), min(3, length)] {
                            let found = bytes.withUnsafeBufferPointer { JSONStringText.nextSpecial(in: $0, from: start) }
                            if found != Self.naive(bytes, from: start) {
                                Issue.record("filler \(filler) needle \(needle) at \(position) of \(length) from \(start): \(found)")
                                return
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("random text: the scan and a byte loop agree")
    func randomText() {
        var generator = SplitMix64(seed: 20261123)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x20...0x7E, using: &generator) : UInt8.random(in: 0...255, using: &generator)
            }
            let start = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            let found = bytes.withUnsafeBufferPointer { JSONStringText.nextSpecial(in: $0, from: start) }
            #expect(found == Self.naive(bytes, from: start))
        }
    }

    @Test("every ASCII byte, and text beyond ASCII, quoted and read back by Foundation, is itself")
    func quotedReadsBack() throws {
        let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        for text in [ascii, "", "plain", "ünï 🎉 \u{2028}", String(repeating: "x\"", count: 40), "{\"nested\":\"json\\n\"}"] {
            var bytes: [UInt8] = []
            JSONStringText.appendQuoted(text, to: &bytes)
            #expect(try JSONDecoder().decode(String.self, from: Data(bytes)) == text)
        }
        var tab: [UInt8] = []
        JSONStringText.appendQuoted("\u{01}\t", to: &tab)
        #expect(String(decoding: tab, as: UTF8.self) == #""\u0001\t""#)
    }
}
