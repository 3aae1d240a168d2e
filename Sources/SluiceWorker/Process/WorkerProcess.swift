import CSluiceProcess
import Foundation
import Synchronization

/// What a worker process is started with.
struct WorkerLaunch: Sendable {
    /// The `sluice` executable, run as `sluice __keeper …` around the worker.
    var keeperExecutable: String
    /// The worker's program and arguments (`python3 -m awslambdaric HANDLER`, `./bootstrap`).
    var program: [String]
    var environment: [String: String]
    /// The worker's working directory (the function's code).
    var directory: String
    /// The memory cgroup the keeper joins first, when cgroups are in use.
    var cgroup: String?
    /// The kernel's OOM killer picks the highest score first: workers before the server.
    var oomScoreAdjust = 1000
}

/// One worker's process tree, behind its keeper (keeper.c). The server holds the write end of
/// the keeper's lifeline: closing it, or the server's own death, makes the keeper kill the
/// whole tree. The keeper's pid is the tree's process group.
final class WorkerProcess: Sendable {
    let pid: pid_t
    let output: OutputCapture
    private let lifeline: Mutex<Int32>
    private let ended: Mutex<(exit: WorkerExit?, waiters: [CheckedContinuation<WorkerExit, Never>])>

    private init(pid: pid_t, lifeline: Int32, output: OutputCapture) {
        self.pid = pid
        self.lifeline = Mutex(lifeline)
        self.output = output
        self.ended = Mutex((nil, []))
    }

    /// Starts the keeper and, through it, the worker.
    static func launch(_ launch: WorkerLaunch) throws -> WorkerProcess {
        var lifelinePipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard sluice_pipe_cloexec(&lifelinePipe) == 0 else { throw LaunchError("cannot make the worker's lifeline pipe: \(String(cString: strerror(errno)))") }
        guard sluice_pipe_cloexec(&outputPipe) == 0 else {
            close(lifelinePipe[0])
            close(lifelinePipe[1])
            throw LaunchError("cannot make the worker's output pipe: \(String(cString: strerror(errno)))")
        }
        var arguments = [launch.keeperExecutable, "__keeper", "--oom-score-adj", String(launch.oomScoreAdjust), "--cwd", launch.directory]
        if let cgroup = launch.cgroup { arguments += ["--cgroup", cgroup] }
        arguments += ["--"] + launch.program
        let environment = launch.environment.map { "\($0.key)=\($0.value)" }
        let pid = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                sluice_spawn(launch.keeperExecutable, argv, envp, lifelinePipe[0], outputPipe[1], outputPipe[1])
            }
        }
        // The keeper has its copies; the server keeps only the lifeline's write end and the
        // output's read end.
        close(lifelinePipe[0])
        close(outputPipe[1])
        guard pid > 0 else {
            close(lifelinePipe[1])
            close(outputPipe[0])
            throw LaunchError("cannot start \(launch.keeperExecutable): \(String(cString: strerror(-pid)))")
        }
        let process = WorkerProcess(pid: pid, lifeline: lifelinePipe[1], output: OutputCapture(fd: outputPipe[0]))
        Thread.detachNewThread { process.reap() }
        return process
    }

    /// Ends the worker's whole tree (idempotent). The keeper does the killing; should it be
    /// unable to, the group is killed directly once the keeper is gone.
    func stop() {
        let fd = lifeline.withLock { fd in
            defer { fd = -1 }
            return fd
        }
        if fd >= 0 { close(fd) }
    }

    /// Waits for the keeper to exit.
    func exit() async -> WorkerExit {
        await withCheckedContinuation { continuation in
            let known: WorkerExit? = ended.withLock { ended in
                if let exit = ended.exit { return exit }
                ended.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    var hasExited: Bool { ended.withLock { $0.exit != nil } }

    private func reap() {
        var exited: Int32 = 0
        var code: Int32 = 0
        let result = sluice_wait(pid, &exited, &code)
        let exit: WorkerExit = result != 0 ? .signaled(SIGKILL) : exited != 0 ? .exited(code) : .signaled(code)
        // Anything of the tree the keeper could not reach (it was killed itself) goes now.
        _ = sluice_kill_group(pid, SIGKILL)
        stop()
        let waiters = ended.withLock { ended in
            ended.exit = exit
            defer { ended.waiters = [] }
            return ended.waiters
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }

    struct LaunchError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Calls `body` with a NULL-terminated array of C strings that lives for the call.
private func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
