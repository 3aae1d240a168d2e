import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceCore

/// A remote Sluice as a `sluice worker` reaches it: the SQS API (AWS JSON 1.0) for the overflow
/// and reply queues, the Lambda API for functions and their packages.
struct RemoteSluice: Sendable {
    let endpoint: URL
    let account: String

    /// An SQS action; throws a SluiceError with the server's code on failure.
    func sqs(_ action: String, _ input: JSONObject) async throws -> JSON {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/x-amz-json-1.0", forHTTPHeaderField: "Content-Type")
        request.setValue("AmazonSQS.\(action)", forHTTPHeaderField: "X-Amz-Target")
        request.httpBody = Data(JSON.object(input).compactText.utf8)
        request.timeoutInterval = 60
        return try await send(request)
    }

    /// A GET of the Lambda API (`/2015-03-31/…`) or of Sluice's own routes.
    func get(_ path: String) async throws -> Data {
        var request = URLRequest(url: endpoint.appendingPathComponent(path))
        request.timeoutInterval = 60
        let (data, response) = try await fetch(request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw Self.failure(data, response) }
        return data
    }

    func queueURL(_ name: String) -> String {
        endpoint.absoluteString.trimmingSuffix("/") + "/\(account)/\(name)"
    }

    private func send(_ request: URLRequest) async throws -> JSON {
        let (data, response) = try await fetch(request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw Self.failure(data, response) }
        return data.isEmpty ? [:] : try JSON.parse(data: data)
    }

    private func fetch(_ request: URLRequest) async throws -> (Data, URLResponse) {
        do {
            return try await URLSession.shared.data(for: request)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SluiceError(.serviceException, "Sluice at \(endpoint.absoluteString) cannot be reached: \(error.localizedDescription)")
        }
    }

    private static func failure(_ data: Data, _ response: URLResponse) -> SluiceError {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let body = try? JSON.parse(data: data)
        let type = body?["__type"]?.stringValue?.split(separator: "#").last.map(String.init)
            ?? (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "x-amzn-ErrorType") ?? "HTTP\(status)"
        let message = body?["message"]?.stringValue ?? String(decoding: data.prefix(500), as: UTF8.self)
        return SluiceError(SluiceError.Code(rawValue: type), message)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
