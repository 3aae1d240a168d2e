/// Where the retention sweep stands.
///
/// The messages table keeps no index on expiry: every delete would pay for one, and most
/// messages are deleted by their consumers long before they expire (ADR 0007). The sweep walks
/// the table in `seq` order instead, a slice per call, and only when some message may have
/// expired: `bound` is a time before which no stored message expires.
struct ExpirySweepState {
    /// Rows one read takes, and one `sweepExpired` call reads at most: a pass over millions of
    /// messages is spread over many calls, one a second.
    let slice: Int
    let rowsPerCall: Int
    /// No stored message expires before this time. Unknown (`Int64.min`) until the first pass,
    /// which begins at start-up.
    private(set) var bound: Int64 = .min
    /// The last `seq` the pass in progress has read, nil between passes.
    private(set) var cursor: Int64?
    /// The earliest expiry among the unexpired messages the pass in progress has read.
    private var passEarliest: Int64 = .max
    /// The earliest expiry written since the pass in progress began: a message moved behind
    /// the cursor is not read again in this pass.
    private var writtenEarliest: Int64 = .max

    init(slice: Int = 5_000, rowsPerCall: Int = 50_000) {
        self.slice = slice
        self.rowsPerCall = rowsPerCall
    }

    /// Records that a message was written (sent, moved to a dead-letter queue, redriven) with
    /// this expiry. Call it after the write commits: noted before, a pass beginning between the
    /// two could forget it and end before the row is there to read.
    mutating func noteExpiry(_ time: Int64) {
        bound = min(bound, time)
        writtenEarliest = min(writtenEarliest, time)
    }

    /// Where the next slice starts reading (after this `seq`), beginning a pass if a message
    /// may have expired by `now`; nil if none can have.
    mutating func nextSlice(now: Int64) -> Int64? {
        if let cursor { return cursor }
        guard now >= bound else { return nil }
        cursor = 0
        passEarliest = .max
        writtenEarliest = .max
        return 0
    }

    /// Records a slice read up to `lastSeq` whose unexpired messages expire at `earliest` at
    /// the soonest; `complete` when the slice reached the end of the table, ending the pass.
    mutating func finishSlice(lastSeq: Int64, earliest: Int64, complete: Bool) {
        passEarliest = min(passEarliest, earliest)
        if complete {
            bound = min(passEarliest, writtenEarliest)
            cursor = nil
        } else {
            cursor = lastSeq
        }
    }

    /// Forgets the pass in progress after a failure: the next call starts a new one.
    mutating func abandonPass() {
        cursor = nil
        bound = .min
    }
}
