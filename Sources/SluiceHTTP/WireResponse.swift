import Foundation

/// A protocol codec's answer, before it becomes a Hummingbird response.
struct WireResponse: Sendable {
    var status: Int
    var contentType: String
    var headers: [(String, String)] = []
    var body: Data
}
