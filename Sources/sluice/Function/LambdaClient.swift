import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceCore

/// Calls a running Sluice's Lambda API (REST-JSON) and its `/sluice/` routes, for
/// `sluice function …` and `sluice pool …`.
struct LambdaClient {
    let endpoint: URL

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Response {
        var request = URLRequest(url: URL(string: endpoint.absoluteString.trimmingTrailingSlash + path)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 960
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CLIFailure(
                "cannot reach Sluice at \(endpoint.absoluteString) (\(error.localizedDescription)). Is `sluice serve` running? Set --endpoint or SLUICE_ENDPOINT.")
        }
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        let answer = Response(status: http?.statusCode ?? 0, headers: fields, body: data)
        guard (200..<300).contains(answer.status) else {
            let object = (try? JSON.parse(data: data))?.objectValue ?? [:]
            let code = fields["x-amzn-errortype"] ?? "HTTP \(answer.status)"
            throw CLIFailure("\(code): \(object["message"]?.stringValue ?? String(decoding: data.prefix(500), as: UTF8.self))")
        }
        return answer
    }

    func json(_ method: String, _ path: String) async throws -> JSON {
        try JSON.parse(data: try await request(method, path).body)
    }

    static func escape(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/:"))) ?? name
    }
}

extension EndpointOptions {
    var lambda: LambdaClient {
        get throws { LambdaClient(endpoint: try client.endpoint) }
    }
}
