/// When a write counts as done.
public enum StoreDurability: String, Sendable, CaseIterable {
    /// Committed to the write-ahead log; survives the process being killed, not power loss.
    case os
    /// Also flushed to stable storage before the caller is answered; survives power loss.
    case fsync
}
