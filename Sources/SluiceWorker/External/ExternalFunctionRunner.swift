import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceCore

/// Runs an `ExternalFunction` once and answers as Lambda's Invoke would: the output is the
/// payload; an output `{"errorType": …, "errorMessage": …}`, a failed command or a non-2xx
/// answer is a function error (Unhandled); an endpoint that cannot be reached is a service
/// failure (ServiceException).
struct ExternalFunctionRunner: Sendable {
    /// Commands running at once, at most (the others wait their turn).
    let commands: ConcurrencyLimit

    init(maxConcurrentCommands: Int) {
        commands = ConcurrencyLimit(maxConcurrentCommands)
    }

    func run(_ function: ExternalFunction, payload: Data, requestId: String) async throws -> FunctionResponse {
        switch function.target {
        case .command(let arguments):
            return try await commands.run {
                try await runCommand(arguments, input: payload, timeoutSeconds: function.timeoutSeconds, requestId: requestId)
            }
        case .url(let url):
            return try await post(url, body: payload, timeoutSeconds: function.timeoutSeconds, requestId: requestId)
        }
    }

    /// A response for an output: an error object makes it a function error.
    static func response(_ output: Data, requestId: String) -> FunctionResponse {
        if case .object(let object)? = try? JSON.parse(data: output), object["errorType"]?.stringValue != nil,
            object["errorMessage"] != nil
        {
            return FunctionResponse(requestId: requestId, payload: output, functionError: .unhandled)
        }
        return FunctionResponse(requestId: requestId, payload: output)
    }

    /// A function error with no error type, as Lambda reports a timeout.
    static func untypedError(_ message: String, requestId: String) -> FunctionResponse {
        let payload: JSON = ["errorMessage": .string(message)]
        return FunctionResponse(requestId: requestId, payload: Data(payload.compactText.utf8), functionError: .unhandled)
    }

    /// Runs the command with the payload on stdin. Pipes are written and read on threads of
    /// their own, all at once (a child that writes before it reads, or never reads, cannot
    /// stall us, and blocking I/O stays off the shared concurrency pool); the timeout counts
    /// from the start. A child still running at the deadline, or when the Task is cancelled, is
    /// terminated, then killed.
    private func runCommand(_ arguments: [String], input: Data, timeoutSeconds: Int, requestId: String) async throws -> FunctionResponse {
        guard let executable = arguments.first else { return Self.untypedError("The function has an empty command", requestId: requestId) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in finished.continuation.finish() }
        do {
            try process.run()
        } catch {
            return Self.untypedError("Could not start \(executable): \(error.localizedDescription)", requestId: requestId)
        }
        let writer = stdin.fileHandleForWriting
        let outputs = (stdout.fileHandleForReading, stderr.fileHandleForReading)
        async let written: Void = Self.onThread {
            // The child may exit without reading: EPIPE is an error here, not a signal.
            try? writer.write(contentsOf: input)
            try? writer.close()
        }
        async let output = Self.onThread { (try? outputs.0.readToEnd()) ?? Data() }
        async let errors = Self.onThread { (try? outputs.1.readToEnd()) ?? Data() }
        let ended = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in finished.stream {}; return true }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeoutSeconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !ended || Task.isCancelled {
            process.terminate()
            try? await Task.sleep(for: .seconds(2))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        _ = await written
        let (stdoutData, stderrData) = await (output, errors)
        if Task.isCancelled { throw CancellationError() }
        if !ended {
            return Self.untypedError("\(requestId) Task timed out after \(timeoutSeconds).00 seconds", requestId: requestId)
        }
        guard process.terminationStatus == 0 else {
            // A failing command may still have printed a Lambda-style error object.
            let printed = Self.response(stdoutData, requestId: requestId)
            if printed.functionError != nil { return printed }
            let message = String(decoding: stderrData.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return Self.untypedError("The command exited with status \(process.terminationStatus): \(message)", requestId: requestId)
        }
        return Self.response(stdoutData, requestId: requestId)
    }

    /// Runs blocking work on a thread of its own, off the concurrency pool.
    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    private func post(_ url: String, body: Data, timeoutSeconds: Int, requestId: String) async throws -> FunctionResponse {
        guard let endpoint = URL(string: url) else {
            throw SluiceError(.serviceException, "Invalid function URL: \(url)")
        }
        var request = URLRequest(url: endpoint, timeoutInterval: TimeInterval(timeoutSeconds))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            return Self.untypedError("\(requestId) Task timed out after \(timeoutSeconds).00 seconds", requestId: requestId)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SluiceError(.serviceException, "The function URL \(url) could not be reached: \(error.localizedDescription)")
        }
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            return Self.untypedError(
                "The function URL answered HTTP \(http.statusCode): \(String(decoding: data.prefix(2000), as: UTF8.self))",
                requestId: requestId)
        }
        return Self.response(data, requestId: requestId)
    }
}
