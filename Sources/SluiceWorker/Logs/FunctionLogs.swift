import Foundation
import Synchronization

/// Each function's log, as Lambda writes it to CloudWatch: the function's own output framed
/// by START, END and REPORT lines, one file per function under the data directory
/// (`logs/functions/NAME.log`, the previous 8 MiB in `NAME.log.1`). What `sluice function
/// logs` reads.
public final class FunctionLogs: Sendable {
    public let directory: String
    private let rotateBytes: Int
    private let files = Mutex<[String: (fd: Int32, size: Int)]>([:])

    public init(directory: String, rotateBytes: Int = 8 << 20) throws {
        self.directory = directory
        self.rotateBytes = rotateBytes
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        files.withLock { files in
            for file in files.values { close(file.fd) }
        }
    }

    public func path(of function: String) -> String {
        "\(directory)/\(function).log"
    }

    /// Appends `text` to the function's log.
    func append(_ text: [UInt8], function: String) {
        guard !text.isEmpty else { return }
        files.withLock { files in
            var file = files[function] ?? open(function)
            guard file.fd >= 0 else { return }
            if file.size + text.count > rotateBytes && file.size > 0 {
                close(file.fd)
                let path = path(of: function)
                rename(path, path + ".1")
                file = open(function)
            }
            let written = text.withUnsafeBytes { Glibc.write(file.fd, $0.baseAddress, $0.count) }
            if written > 0 { file.size += written }
            files[function] = file
        }
    }

    /// Forgets a deleted function's log.
    func remove(function: String) {
        files.withLock { files in
            if let file = files.removeValue(forKey: function) { close(file.fd) }
            unlink(path(of: function))
            unlink(path(of: function) + ".1")
        }
    }

    private func open(_ function: String) -> (fd: Int32, size: Int) {
        let fd = Glibc.open(path(of: function), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        var status = stat()
        let size = fd >= 0 && fstat(fd, &status) == 0 ? Int(status.st_size) : 0
        return (fd, size)
    }
}

/// The lines Lambda writes around one invocation's output.
enum InvocationLogText {
    static func start(_ requestId: String) -> String {
        "START RequestId: \(requestId) Version: $LATEST\n"
    }

    static func end(_ requestId: String) -> String {
        "END RequestId: \(requestId)\n"
    }

    static func report(_ requestId: String, durationMillis: Double, memoryMB: Int, usedMB: Int, initMillis: Double?) -> String {
        var line = "REPORT RequestId: \(requestId)\tDuration: \(String(format: "%.2f", durationMillis)) ms\t"
        line += "Billed Duration: \(Int(durationMillis.rounded(.up))) ms\tMemory Size: \(memoryMB) MB\tMax Memory Used: \(usedMB) MB\t"
        if let initMillis { line += "Init Duration: \(String(format: "%.2f", initMillis)) ms\t" }
        return line + "\n"
    }
}

extension FunctionLogs {
    /// The end of a function's log (at most `lastBytes`), or what follows `offset`, with the
    /// offset where the returned text ends.
    func read(function: String, lastBytes: Int, after offset: Int?) -> (text: Data, end: Int) {
        guard let handle = FileHandle(forReadingAtPath: path(of: function)) else { return (Data(), 0) }
        defer { try? handle.close() }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        let start = offset.map { min(max(0, $0), size) } ?? max(0, size - lastBytes)
        try? handle.seek(toOffset: UInt64(start))
        let text = ((try? handle.read(upToCount: max(0, min(size - start, 4 << 20)))) ?? nil) ?? Data()
        return (text, start + text.count)
    }
}
