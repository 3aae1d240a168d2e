import SluiceBroker
import SluiceCore

extension Broker {
    /// Runs `work` while extending the messages' visibility to `seconds` every half of it, so
    /// work that runs longer than a queue's visibility timeout does not see its messages
    /// delivered again.
    func keepingInvisible<T: Sendable>(
        _ handles: [String], in queue: Queue, seconds: Int, _ work: @escaping @Sendable () async -> T
    ) async -> T {
        let timeout = min(43_200, max(1, seconds))
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await work() }
            group.addTask {
                let changes = handles.map { ($0, timeout) }
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(max(500, timeout * 500)))
                    if Task.isCancelled { break }
                    _ = try? await self.changeVisibility(changes, in: queue)
                }
                return nil
            }
            var result: T?
            for await value in group {
                if let value {
                    result = value
                    group.cancelAll()
                }
            }
            return result!
        }
    }
}
