import Foundation
import Hummingbird

/// A protocol codec's answer, before it becomes a Hummingbird response.
struct WireResponse: Sendable {
    var status: Int
    var contentType: String
    var headers: [(String, String)] = []
    var body: ByteBuffer

    init(status: Int, contentType: String, headers: [(String, String)] = [], body: ByteBuffer) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    init(status: Int, contentType: String, headers: [(String, String)] = [], body: Data) {
        self.init(status: status, contentType: contentType, headers: headers, body: ByteBuffer(bytes: body))
    }
}
