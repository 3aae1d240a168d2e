import CSluiceProcess
import Foundation
import Synchronization

/// What a worker writes to stdout and stderr, read on a thread of its own as it comes. The pool
/// takes it at the end of each invocation: reading what is still in the pipe under the same
/// lock the thread reads with means nothing the worker wrote before it answered is left for
/// the next invocation. At most `limit` bytes are kept between takes (the newest).
final class OutputCapture: Sendable {
    private struct State {
        var buffer: [UInt8] = []
        var dropped = 0
        var fd: Int32
    }

    private let state: Mutex<State>
    private let limit: Int

    /// Takes ownership of `fd`, the read end of the worker's output pipe.
    init(fd: Int32, limit: Int = 1 << 20) {
        _ = sluice_set_nonblocking(fd)
        self.state = Mutex(State(fd: fd))
        self.limit = limit
        Thread.detachNewThread { [self] in self.readUntilEnd(fd) }
    }

    /// Everything written since the last take, and how many older bytes were dropped.
    func take() -> (text: [UInt8], dropped: Int) {
        state.withLock { state in
            _ = Self.readPending(&state, limit: limit)
            defer {
                state.buffer.removeAll(keepingCapacity: true)
                state.dropped = 0
            }
            return (state.buffer, state.dropped)
        }
    }

    private func readUntilEnd(_ fd: Int32) {
        var watched = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&watched, 1, -1)
            if ready < 0 && errno == EINTR { continue }
            let open = state.withLock { state in Self.readPending(&state, limit: limit) }
            if !open || ready < 0 { break }
        }
        state.withLock { state in
            close(state.fd)
            state.fd = -1
        }
    }

    /// Reads what the pipe holds now; false once it is closed.
    private static func readPending(_ state: inout State, limit: Int) -> Bool {
        guard state.fd >= 0 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65536) { chunk in
            while true {
                let count = read(state.fd, chunk.baseAddress, chunk.count)
                if count > 0 {
                    state.buffer.append(contentsOf: chunk[0..<count])
                    if state.buffer.count > limit {
                        let excess = state.buffer.count - limit
                        state.buffer.removeFirst(excess)
                        state.dropped += excess
                    }
                    continue
                }
                if count == 0 { return false }
                return errno == EAGAIN || errno == EINTR
            }
        }
    }
}
