import Foundation
import HTTPTypes
import SluiceCore
import SluiceWorker
import SluiceBroker
import Prometheus
import Hummingbird

/// Sluice's own routes under `/sluice/`, for what the `sluice` CLI and remote workers need
/// that AWS has no action for:
///
/// - `GET /sluice/functions/NAME/code`: a stored function's package (GetFunction's Code.Location).
/// - `GET /sluice/functions/NAME/logs?bytes=N&offset=N`: the end of a function's log, or what
///   follows `offset` (for `--follow`); the `x-sluice-log-offset` header says where the text ends.
/// - `GET /sluice/pools`: every pool's workers and queue.
enum NativeAPI {
    static func respond(method: HTTPRequest.Method, path: String, query: String?, functions: FunctionEngine?) async -> WireResponse {
        let parts = path.split(separator: "/").map(String.init)
        guard method == .get, let functions else { return error(404, "No such resource: \(method) \(path)") }
        do {
            switch parts {
            case ["sluice", "pools"]:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                return WireResponse(status: 200, contentType: "application/json", body: try encoder.encode(functions.poolSnapshots()))
            case let parts where parts.count == 4 && parts[0] == "sluice" && parts[1] == "functions" && parts[3] == "code":
                let zip = try await functions.functionPackage(named: parts[2].removingPercentEncoding ?? parts[2])
                return WireResponse(status: 200, contentType: "application/zip", body: zip)
            case let parts where parts.count == 4 && parts[0] == "sluice" && parts[1] == "functions" && parts[3] == "logs":
                let query = LambdaRESTProtocol.parseQuery(query)
                let log = try functions.functionLog(
                    named: parts[2].removingPercentEncoding ?? parts[2], lastBytes: query["bytes"].flatMap(Int.init) ?? 65536,
                    after: query["offset"].flatMap(Int.init))
                return WireResponse(
                    status: 200, contentType: "text/plain; charset=utf-8", headers: [("x-sluice-log-offset", String(log.end))],
                    body: log.text)
            default:
                return error(404, "No such resource: \(method) \(path)")
            }
        } catch let failure as SluiceError {
            return error(WireError.lookup(failure.code).status, failure.message)
        } catch {
            return Self.error(500, "\(error)")
        }
    }

    /// `GET /metrics`: every gauge set from the state now, then the registry as Prometheus
    /// text.
    static func metrics(_ registry: PrometheusCollectorRegistry?, broker: Broker, functions: FunctionEngine?) async -> WireResponse {
        guard let registry else { return error(404, "Metrics are not enabled on this server.") }
        if let functions {
            await functions.refreshGauges()
        } else {
            await broker.recordQueueGauges()
        }
        var text: [UInt8] = []
        registry.emit(into: &text)
        return WireResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: ByteBuffer(bytes: text))
    }

    /// `GET /scaling`: each pool's current and desired replicas with the reasons.
    static func scaling(_ functions: FunctionEngine?) -> WireResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let advice = functions?.scalingAdvice() ?? []
        let body = (try? encoder.encode(["pools": advice])) ?? Data()
        return WireResponse(status: 200, contentType: "application/json", body: body)
    }

    static func error(_ status: Int, _ message: String) -> WireResponse {
        let body: JSON = ["message": .string(message)]
        return WireResponse(status: status, contentType: "application/json", body: Data(body.compactText.utf8))
    }
}
