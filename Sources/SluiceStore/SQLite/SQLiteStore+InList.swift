extension SQLiteStore {
    /// How many values one `IN (…)` list or multi-row `VALUES` takes; bounds the cached
    /// statement variants.
    static let inListChunk = 10

    /// `?, ?, …` for 0…`inListChunk` values, built once: the hot statements' IN lists.
    static let inListPlaceholders: [String] = (0...inListChunk).map {
        Array(repeating: "?", count: $0).joined(separator: ", ")
    }

    /// Calls `body` with each run of at most `inListChunk` of `values`, in order, and the
    /// placeholders of an IN list that long.
    static func forEachInListChunk<Values: RandomAccessCollection>(
        _ values: Values, _ body: (Values.SubSequence, String) throws -> Void
    ) rethrows where Values.Index == Int {
        for start in stride(from: values.startIndex, to: values.endIndex, by: inListChunk) {
            let chunk = values[start..<min(start + inListChunk, values.endIndex)]
            try body(chunk, inListPlaceholders[chunk.count])
        }
    }
}
