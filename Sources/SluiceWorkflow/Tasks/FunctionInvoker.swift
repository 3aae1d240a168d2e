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
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        // Read output while the process runs, so a large result cannot fill the pipe and stall it.
        async let out = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }.value
        async let err = Task.detached { stderr.fileHandleForReading.readDataToEndOfFile() }.value
        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in finished.stream {}; return false }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeoutSeconds))
                return !Task.isCancelled
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if timedOut || Task.isCancelled {
            process.terminate()
            _ = await (out, err)
            throw timedOut ? StatesError.timeout("The function did not finish within \(timeoutSeconds) seconds") : CancellationError()
        }
        let (output, errors) = await (out, err)
        guard process.terminationStatus == 0 else {
            // A failing command may still have printed a Lambda-style error object.
            if let parsed = try? JSON.parse(String(decoding: output, as: UTF8.self)), case .object(let object) = parsed,
                let type = object["errorType"]?.stringValue
            {
                throw StatesError(name: type, cause: parsed.compactText)
            }
            let message = String(decoding: errors.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw StatesError(name: "Lambda.Unknown", cause: "The command exited with status \(process.terminationStatus): \(message)")
        }
        return output
    }

    private func post(_ url: String, body: Data, timeoutSeconds: Int) async throws -> Data {
        guard let endpoint = URL(string: url) else { throw StatesError.taskFailed("Invalid function URL: \(url)") }
        var request = URLRequest(url: endpoint, timeoutInterval: TimeInterval(timeoutSeconds))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw StatesError(name: "Lambda.Unknown", cause: "The function URL answered HTTP \(http.statusCode): \(String(decoding: data.prefix(2000), as: UTF8.self))")
        }
        return data
    }
}
