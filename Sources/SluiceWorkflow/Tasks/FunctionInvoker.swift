import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceCore

/// Calls a function of the config file's `functions:` section: a local command (input JSON
/// on stdin, result JSON on stdout) or an HTTP URL (input POSTed, result in the body).
struct FunctionInvoker: Sendable {
    let functions: [String: FunctionDefinition]

    func invoke(_ name: String, payload: JSON) async throws -> JSON {
        guard let function = functions[name] else {
            throw StatesError(name: "Lambda.ResourceNotFoundException", cause: "Function not found: \(name) (add it to the functions: section of the config file)")
        }
        let output: Data
        switch function.target {
        case .command(let arguments):
            output = try await runCommand(arguments, input: Data(payload.compactText.utf8), timeoutSeconds: function.timeoutSeconds)
        case .url(let url):
            output = try await post(url, body: Data(payload.compactText.utf8), timeoutSeconds: function.timeoutSeconds)
        }
        let text = String(decoding: output, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let result: JSON
        do {
            result = trimmed.isEmpty ? .null : try JSON.parse(trimmed)
        } catch {
            throw StatesError(name: "Lambda.Unknown", cause: "The function \(name) returned output that is not JSON: \(String(trimmed.prefix(200)))")
        }
        // A result {"errorType": …, "errorMessage": …} is the function's error, as Lambda reports it.
        if case .object(let object) = result, let type = object["errorType"]?.stringValue, object["errorMessage"] != nil {
            throw StatesError(name: type, cause: result.compactText)
        }
        return result
    }

    /// Runs the command with the payload on stdin. Pipes are written and read on threads of
    /// their own, all at once (a child that writes before it reads, or never reads, cannot
    /// stall us, and blocking I/O stays off the shared concurrency pool); the timeout counts
    /// from the start. A child still running at the deadline, or when the Task is cancelled, is
    /// terminated, then killed.
    private func runCommand(_ arguments: [String], input: Data, timeoutSeconds: Int) async throws -> Data {
        guard let executable = arguments.first else { throw StatesError.taskFailed("The function has an empty command") }
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
            throw StatesError(name: "Lambda.Unknown", cause: "Could not start \(executable): \(error.localizedDescription)")
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
        if !ended { throw StatesError.timeout("The function did not finish within \(timeoutSeconds) seconds") }
        if Task.isCancelled { throw CancellationError() }
        guard process.terminationStatus == 0 else {
            // A failing command may still have printed a Lambda-style error object.
            if let parsed = try? JSON.parse(String(decoding: stdoutData, as: UTF8.self)), case .object(let object) = parsed,
                let type = object["errorType"]?.stringValue
            {
                throw StatesError(name: type, cause: parsed.compactText)
            }
            let message = String(decoding: stderrData.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw StatesError(name: "Lambda.Unknown", cause: "The command exited with status \(process.terminationStatus): \(message)")
        }
        return stdoutData
    }

    /// Runs blocking work on a thread of its own, off the concurrency pool.
    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    private func post(_ url: String, body: Data, timeoutSeconds: Int) async throws -> Data {
        guard let endpoint = URL(string: url) else { throw StatesError.taskFailed("Invalid function URL: \(url)") }
        var request = URLRequest(url: endpoint, timeoutInterval: TimeInterval(timeoutSeconds))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            throw StatesError(name: "Lambda.ClientExecutionTimeoutException", cause: "The function URL did not answer within \(timeoutSeconds) seconds")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StatesError(name: "Lambda.ServiceException", cause: "The function URL \(url) could not be reached: \(error.localizedDescription)")
        }
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw StatesError(name: "Lambda.Unknown", cause: "The function URL answered HTTP \(http.statusCode): \(String(decoding: data.prefix(2000), as: UTF8.self))")
        }
        return data
    }
}
