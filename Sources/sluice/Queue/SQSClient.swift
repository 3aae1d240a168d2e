import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceCore

/// Calls a running Sluice over AWS JSON 1.0: the SQS API for `sluice queue …`, the Step
/// Functions API (target prefix `AWSStepFunctions.`) for `sluice workflow …`.
struct SQSClient {
    let endpoint: URL
    var targetPrefix = "AmazonSQS."

    func call(_ action: String, _ input: JSONObject) async throws -> JSONObject {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/x-amz-json-1.0", forHTTPHeaderField: "Content-Type")
        request.setValue(targetPrefix + action, forHTTPHeaderField: "X-Amz-Target")
        request.httpBody = try JSONEncoder().encode(JSON.object(input))
        request.timeoutInterval = 330
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CLIFailure(
                "cannot reach Sluice at \(endpoint.absoluteString) (\(error.localizedDescription)). Is `sluice serve` running? Set --endpoint or SLUICE_ENDPOINT.")
        }
        let object = (try? JSON.parse(data: data))?.objectValue ?? [:]
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            let queryCode: String? = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "x-amzn-query-error")?
                .split(separator: ";").first.map(String.init)
            let shape: String? = object["__type"]?.stringValue?.split(separator: "#").last.map(String.init)
            let code = queryCode ?? shape ?? "error"
            throw CLIFailure("\(code): \(object["message"]?.stringValue ?? String(decoding: data, as: UTF8.self))")
        }
        return object
    }
}

struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Options every `sluice queue` subcommand shares.
struct EndpointOptions: ParsableArguments {
    @Option(help: "Sluice's address (default: $SLUICE_ENDPOINT or http://127.0.0.1:9324).")
    var endpoint: String?

    @Option(help: "Account that owns the queues.")
    var account = "000000000000"

    @Flag(help: "Print the API's JSON response instead of text.")
    var json = false

    var client: SQSClient {
        get throws {
            let text = endpoint ?? ProcessInfo.processInfo.environment["SLUICE_ENDPOINT"] ?? "http://127.0.0.1:9324"
            guard let url = URL(string: text), url.scheme != nil else {
                throw ValidationError("--endpoint must be a URL such as http://127.0.0.1:9324")
            }
            return SQSClient(endpoint: url)
        }
    }

    /// A queue URL from a name (or a full URL, passed through).
    func queueURL(_ nameOrURL: String) throws -> JSON {
        if nameOrURL.contains("://") { return .string(nameOrURL) }
        return .string("\(try client.endpoint.absoluteString.trimmingTrailingSlash)/\(account)/\(nameOrURL)")
    }

    func print(_ response: JSONObject, text: () -> String) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: (try? encoder.encode(JSON.object(response))) ?? Data(), as: UTF8.self))
        } else {
            let output = text()
            if !output.isEmpty { Swift.print(output) }
        }
    }
}

extension String {
    var trimmingTrailingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}

/// `Name=Value` pairs from repeated options.
func keyValues(_ pairs: [String], option: String) throws -> JSONObject {
    var result: JSONObject = [:]
    for pair in pairs {
        guard let equals = pair.firstIndex(of: "=") else {
            throw ValidationError("--\(option) takes Name=Value, got '\(pair)'")
        }
        result[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
    }
    return result
}
