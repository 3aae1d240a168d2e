import Foundation
import Synchronization

/// Message payloads in append-only segment files beside the database (ADR 0006).
///
/// A send appends its payload to `pending` inside the writer's transaction; the writer writes
/// the whole flush's records with one `pwrite` (and, with `--durability fsync`, one
/// `fdatasync`) before it commits the rows that point at them. A record is never rewritten:
/// a deleted message's bytes stay until its segment holds no live message and is unlinked,
/// or until compaction moves the segment's few survivors into the active segment.
///
/// Appends come from the writer's transaction only. A receive locates its records and holds
/// their files open inside the writer's transaction (`hold`) and reads them after the commit,
/// when they are all in their files; compaction reads inside the transaction (`read`), where a
/// record may still be in `pending`.
final class PayloadLog: Sendable {
    static let fileExtension = "seg"
    /// Closed segments kept open for reading at most; beyond it the cache is emptied and files
    /// are opened again as reads need them, so that a backlog of thousands of segments cannot
    /// exhaust the process's descriptors.
    static let maxOpenFiles = 256
    /// Appended bytes after which their write-back to disk is started (`sync_file_range`).
    static let writeBackChunk: Int64 = 1 << 20

    let directory: String
    let durability: StoreDurability
    /// A segment that has reached this size is closed at the next flush's first append.
    let segmentBytes: Int64
    private let state: Mutex<State>

    private struct State {
        /// Every segment on disk; the open file of those read or written since start-up.
        var segments: Set<Int64>
        var open: [Int64: SegmentFile] = [:]
        var active: SegmentFile
        /// Bytes of the active segment already in its file.
        var written: Int64 = 0
        /// Bytes of the active segment up to which write-back has been started.
        var writeBackStarted: Int64 = 0
        /// Records appended in the current flush, not yet written.
        var pending: [UInt8] = []
        /// `fdatasync`s of segment data since start-up.
        var syncs = 0
    }

    /// Opens the log in `directory` (created if missing) and starts a new active segment after
    /// the newest one found: whatever a crash left at the end of an old segment is never
    /// appended to.
    init(directory: String, durability: StoreDurability, segmentBytes: Int64 = SQLiteStore.defaultPayloadSegmentBytes) throws {
        self.directory = directory
        self.durability = durability
        self.segmentBytes = segmentBytes
        let existed = FileManager.default.fileExists(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !existed && durability == .fsync {
            try Self.syncDirectory((directory as NSString).deletingLastPathComponent)
        }
        var segments = Set<Int64>()
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            guard name.hasSuffix("." + Self.fileExtension),
                let id = Int64(name.dropLast(Self.fileExtension.count + 1))
            else { continue }
            segments.insert(id)
        }
        let active = try Self.create(id: (segments.max() ?? 0) + 1, in: directory, durability: durability)
        segments.insert(active.id)
        state = Mutex(State(segments: segments, open: [active.id: active], active: active))
    }

    static func path(of id: Int64, in directory: String) -> String {
        let digits = String(id)
        let name = String(repeating: "0", count: max(0, 12 - digits.count)) + digits + "." + fileExtension
        return (directory as NSString).appendingPathComponent(name)
    }

    /// Appends one record to the current flush and says where it will lie. Its sequence number
    /// is set with `setSequence` once the message's row has one.
    func append(_ payload: MessagePayload, sequence: Int64 = 0) throws -> PayloadLocation {
        try state.withLock { state in
            if state.pending.isEmpty && state.written >= segmentBytes {
                try rotate(&state)
            }
            let start = state.pending.count
            try PayloadRecord.append(payload, sequence: sequence, to: &state.pending)
            return PayloadLocation(
                segment: state.active.id, offset: state.written + Int64(start),
                length: Int64(state.pending.count - start))
        }
    }

    /// Writes `sequence` into the header of a record appended in the current flush.
    func setSequence(_ sequence: Int64, of location: PayloadLocation) {
        state.withLock { state in
            let start = Int(location.offset - state.written)
            precondition(
                location.segment == state.active.id && start >= 0 && start < state.pending.count,
                "setSequence on a record that is not pending")
            PayloadRecord.setSequence(sequence, at: start, in: &state.pending)
        }
    }

    /// Writes the current flush's records to the active segment, and syncs them when the store
    /// promises durability against power loss (or `sync` asks). Called before the commit that
    /// makes rows point at them. The records are gone from memory afterwards, written or not:
    /// on failure the transaction rolls back and nothing points at them.
    func writePending(sync: Bool = false) throws {
        try state.withLock { state in
            defer { state.pending.removeAll(keepingCapacity: state.pending.capacity <= 4 << 20) }
            guard !state.pending.isEmpty else { return }
            let file = state.active
            let offset = state.written
            try state.pending.withUnsafeBytes { bytes in
                var done = 0
                while done < bytes.count {
                    let result = pwrite(
                        file.descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw PayloadLogError.io("write to \(file.path)", errno: errno)
                    }
                    done += result
                }
            }
            if durability == .fsync || sync {
                guard fdatasync(file.descriptor) == 0 else {
                    throw PayloadLogError.io("fdatasync of \(file.path)", errno: errno)
                }
                state.syncs += 1
            }
            state.written += Int64(state.pending.count)
            if state.written - state.writeBackStarted >= Self.writeBackChunk {
                // Start writing the new bytes to disk now, without waiting. Left dirty, hundreds
                // of megabytes would be flushed by the next fsync of any file on the file system
                // (ext4's ordered mode writes newly allocated data before a journal commit): the
                // WAL checkpoint's sync, in the writer's path, stalled for up to 400 ms.
                startWriteBack(file.descriptor, from: state.writeBackStarted, to: state.written)
                state.writeBackStarted = state.written
            }
        }
    }

    /// Forgets records appended in a flush that did not reach `writePending`.
    func discardPending() {
        state.withLock { $0.pending.removeAll(keepingCapacity: $0.pending.capacity <= 4 << 20) }
    }

    /// Reads the records of `items` (sequence number and location), in that order: those of
    /// the current flush from memory, the others from their files. For reads inside the
    /// writer's transaction.
    func read(_ items: [(sequence: Int64, location: PayloadLocation)]) throws -> [MessagePayload] {
        var payloads = [MessagePayload?](repeating: nil, count: items.count)
        var fromFiles: [Int] = []
        var files: [Int64: SegmentFile] = [:]
        try state.withLock { state in
            for (index, item) in items.enumerated() {
                let start = item.location.offset - state.written
                if item.location.segment == state.active.id && start >= 0 {
                    guard start + item.location.length <= state.pending.count else {
                        throw PayloadLogError.damaged("message \(item.sequence) points past the end of the log")
                    }
                    payloads[index] = try state.pending.withUnsafeBytes { bytes in
                        try PayloadRecord.decode(
                            UnsafeRawBufferPointer(rebasing: bytes[Int(start)..<Int(start + item.location.length)]),
                            sequence: item.sequence)
                    }
                } else {
                    fromFiles.append(index)
                    if files[item.location.segment] == nil {
                        files[item.location.segment] = try openFile(item.location.segment, &state)
                    }
                }
            }
        }
        try Self.readFiles(items, indices: fromFiles, files: files, into: &payloads)
        return payloads.map { $0! }
    }

    /// Holds the files of `items` open, so that they can be read once the writer's transaction
    /// has committed (every record is in its file by then) even if a segment is unlinked or
    /// compacted in between: its bytes are never rewritten and an open file outlives its name.
    /// This takes the reads, and the decoding of bodies, off the writer.
    func hold(_ items: [(sequence: Int64, location: PayloadLocation)]) throws -> HeldRecords {
        let files = try state.withLock { state in
            var files: [Int64: SegmentFile] = [:]
            for item in items where files[item.location.segment] == nil {
                files[item.location.segment] = try openFile(item.location.segment, &state)
            }
            return files
        }
        return HeldRecords(items: items, files: files)
    }

    /// Reads the records at `indices` of `items` from `files`. Records of one segment whose gaps
    /// are small are read with one `pread` of the span that holds them.
    static func readFiles(
        _ items: [(sequence: Int64, location: PayloadLocation)], indices: [Int], files: [Int64: SegmentFile],
        into payloads: inout [MessagePayload?]
    ) throws {
        let sorted = indices.sorted {
            (items[$0].location.segment, items[$0].location.offset) < (items[$1].location.segment, items[$1].location.offset)
        }
        var runStart = 0
        while runStart < sorted.count {
            let first = items[sorted[runStart]].location
            var runEnd = runStart + 1
            var spanEnd = first.offset + first.length
            while runEnd < sorted.count {
                let next = items[sorted[runEnd]].location
                guard next.segment == first.segment, next.offset - spanEnd <= 4096,
                    next.offset + next.length - first.offset <= 1 << 20
                else { break }
                spanEnd = max(spanEnd, next.offset + next.length)
                runEnd += 1
            }
            let span = try files[first.segment]!.read(offset: first.offset, count: Int(spanEnd - first.offset))
            try span.withUnsafeBytes { bytes in
                for index in sorted[runStart..<runEnd] {
                    let location = items[index].location
                    let start = Int(location.offset - first.offset)
                    payloads[index] = try PayloadRecord.decode(
                        UnsafeRawBufferPointer(rebasing: bytes[start..<start + Int(location.length)]),
                        sequence: items[index].sequence)
                }
            }
            runStart = runEnd
        }
    }

    /// Segments other than the active one, oldest first.
    var closedSegments: [Int64] {
        state.withLock { state in state.segments.filter { $0 != state.active.id }.sorted() }
    }

    /// How many times segment data has been synced to stable storage since start-up.
    var syncs: Int {
        state.withLock { $0.syncs }
    }

    var activeSegment: Int64 {
        state.withLock { $0.active.id }
    }

    /// The size of a segment's file, 0 when it is gone.
    func size(of segment: Int64) -> Int64 {
        var info = stat()
        guard stat(Self.path(of: segment, in: directory), &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }

    /// When a segment's file was last written, nil when it is gone.
    func lastModified(_ segment: Int64) -> Date? {
        var info = stat()
        guard stat(Self.path(of: segment, in: directory), &info) == 0 else { return nil }
        return Date(
            timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1_000_000_000)
    }

    /// Unlinks a closed segment. Only for one no committed row points at: no new row ever will,
    /// since appends go to the active segment alone.
    func remove(_ segment: Int64) throws {
        try state.withLock { state in
            precondition(segment != state.active.id, "the active payload segment cannot be removed")
            let path = Self.path(of: segment, in: directory)
            guard unlink(path) == 0 || errno == ENOENT else {
                throw PayloadLogError.io("unlink of \(path)", errno: errno)
            }
            state.segments.remove(segment)
            // The descriptor closes when the last reader lets go of it.
            state.open[segment] = nil
        }
    }

    private func openFile(_ segment: Int64, _ state: inout State) throws -> SegmentFile {
        if let file = state.open[segment] { return file }
        if state.open.count > Self.maxOpenFiles {
            // Holders of a file keep it open; only the cache lets go.
            state.open = [state.active.id: state.active]
        }
        let path = Self.path(of: segment, in: directory)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT {
                throw PayloadLogError.damaged("segment \(path) is missing")
            }
            throw PayloadLogError.io("open of \(path)", errno: code)
        }
        let file = SegmentFile(id: segment, path: path, descriptor: descriptor)
        state.open[segment] = file
        return file
    }

    private func rotate(_ state: inout State) throws {
        let next = try Self.create(id: state.active.id + 1, in: directory, durability: durability)
        state.segments.insert(next.id)
        if state.open.count > Self.maxOpenFiles {
            state.open = [:]
        }
        state.open[next.id] = next
        state.active = next
        state.written = 0
        state.writeBackStarted = 0
    }

    private static func create(id: Int64, in directory: String, durability: StoreDurability) throws -> SegmentFile {
        let path = path(of: id, in: directory)
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PayloadLogError.io("creation of \(path)", errno: errno) }
        let file = SegmentFile(id: id, path: path, descriptor: descriptor)
        if durability == .fsync {
            // The new file's name must survive a power loss before any commit points into it.
            try syncDirectory(directory)
        }
        return file
    }

    private static func syncDirectory(_ directory: String) throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PayloadLogError.io("open of \(directory)", errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw PayloadLogError.io("fsync of \(directory)", errno: errno) }
    }
}

/// `sync_file_range(fd, offset, count, SYNC_FILE_RANGE_WRITE)`: starts writing a file's dirty
/// pages in a range to disk and returns without waiting. Glibc declares it only under
/// `_GNU_SOURCE`, which Swift's Glibc module does not set, so it is looked up at run time.
private let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
}()

/// Starts the write-back of bytes `start..<end` of a file; a hint, so failure is ignored.
private func startWriteBack(_ descriptor: Int32, from start: Int64, to end: Int64) {
    let syncFileRangeWrite: UInt32 = 2
    _ = syncFileRange?(descriptor, start, end - start, syncFileRangeWrite)
}

/// Records located and their files held open by `PayloadLog.hold`, to be read later.
struct HeldRecords: Sendable {
    let items: [(sequence: Int64, location: PayloadLocation)]
    let files: [Int64: SegmentFile]

    func read() throws -> [MessagePayload] {
        var payloads = [MessagePayload?](repeating: nil, count: items.count)
        try PayloadLog.readFiles(items, indices: Array(items.indices), files: files, into: &payloads)
        return payloads.map { $0! }
    }
}

/// One open segment file; the descriptor is closed when the last holder lets go.
final class SegmentFile: Sendable {
    let id: Int64
    let path: String
    let descriptor: Int32

    init(id: Int64, path: String, descriptor: Int32) {
        self.id = id
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    func read(offset: Int64, count: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let result = pread(
                    descriptor, buffer.baseAddress! + initialized, count - initialized, off_t(offset) + off_t(initialized))
                if result < 0 {
                    if errno == EINTR { continue }
                    throw PayloadLogError.io("read of \(path)", errno: errno)
                }
                if result == 0 {
                    throw PayloadLogError.damaged("\(path) ends at \(offset + Int64(initialized)), before \(offset + Int64(count))")
                }
                initialized += result
            }
        }
    }
}
