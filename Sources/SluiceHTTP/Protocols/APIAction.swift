/// One action of an AWS API: a typed input, one call into an engine, a typed output. Each API
/// refines it with its request context and the coding its protocol needs (AWS JSON actions
/// decode their input from the body; REST actions also read the path, query and headers).
protocol APIAction: Sendable {
    associatedtype Context: Sendable
    associatedtype Input: Sendable
    associatedtype Output: Sendable
    static var name: String { get }
    static func run(_ input: Input, _ context: Context) async throws -> Output
}

/// Actions whose result AWS sends as an empty body.
struct EmptyOutput: Encodable, Sendable {}
