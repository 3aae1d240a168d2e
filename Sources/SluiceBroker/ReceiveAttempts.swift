import SluiceCore

/// What FIFO receives with a ReceiveRequestAttemptId got, for five minutes, so a client that
/// lost a response can retry and get the same messages instead of leaving them stranded.
struct ReceiveAttempts {
    struct Key: Hashable {
        let queueId: Int64
        let attemptId: String
    }

    static let windowMillis: Int64 = 5 * 60 * 1000

    private var records: [Key: (expiresAt: Int64, messages: [ReceivedMessage])] = [:]

    mutating func remember(_ key: Key, _ messages: [ReceivedMessage], now: Int64) {
        records[key] = (now + Self.windowMillis, messages)
    }

    func messages(for key: Key, now: Int64) -> [ReceivedMessage]? {
        guard let record = records[key], record.expiresAt > now else { return nil }
        return record.messages
    }

    mutating func forget(_ key: Key) {
        records[key] = nil
    }

    mutating func removeExpired(now: Int64) {
        records = records.filter { $0.value.expiresAt > now }
    }
}
