/// Runs async operations one at a time, in arrival order, across their suspension points
/// (an actor alone would let a second caller in at the first `await`).
public actor SerialLane {
    public init() {}

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { handOn() }
        return try await body()
    }

    private func handOn() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
