import Foundation
import Logging
import SluiceBroker
import SluiceWorkflow
import SluiceWorker
import Yams

/// `sluice serve --config sluice.yaml`:
///
/// ```yaml
/// queues:
///   - name: orders
///     attributes: { VisibilityTimeout: 60 }
///   - name: orders.fifo
///     attributes: { FifoQueue: true, ContentBasedDeduplication: true }
///     tags: { team: payments }
/// functions:                       # what Task states call: arn:aws:lambda:…:function:NAME
///   score:                         #   or arn:aws:states:::lambda:invoke with FunctionName
///     command: [python3, stages/score.py]   # input JSON on stdin, result JSON on stdout
///     timeout: 30                  # seconds (default 60)
///   enrich:
///     url: http://127.0.0.1:8080/enrich     # input POSTed, result in the response body
/// ```
struct ServeConfigFile: Decodable {
    struct QueueEntry: Decodable {
        var name: String
        var attributes: [String: Scalar]?
        var tags: [String: Scalar]?
    }

    /// A YAML scalar read as text, so `60` and `"60"` mean the same.
    struct Scalar: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                text = bool ? "true" : "false"
            } else if let int = try? container.decode(Int.self) {
                text = String(int)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    struct FunctionEntry: Decodable {
        var command: [String]?
        var url: String?
        var timeout: Int?
    }

    var queues: [QueueEntry]?
    var functions: [String: FunctionEntry]?

    /// The `functions:` section, checked: each needs exactly one of `command` or `url`.
    func externalFunctions() throws -> [String: ExternalFunction] {
        var definitions: [String: ExternalFunction] = [:]
        for (name, entry) in functions ?? [:] {
            let timeout = entry.timeout ?? 60
            guard timeout > 0 else { throw ConfigFileError("The config file's function \(name) needs a positive timeout.") }
            switch (entry.command, entry.url) {
            case (let command?, nil) where !command.isEmpty:
                definitions[name] = ExternalFunction(target: .command(command), timeoutSeconds: timeout)
            case (nil, let url?):
                definitions[name] = ExternalFunction(target: .url(url), timeoutSeconds: timeout)
            default:
                throw ConfigFileError("The config file's function \(name) needs exactly one of command: [program, args…] or url:.")
            }
        }
        return definitions
    }

    static func load(path: String) throws -> ServeConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigFileError("Cannot read the config file \(path): check the path and its permissions.")
        }
        do {
            return try YAMLDecoder().decode(ServeConfigFile.self, from: data)
        } catch {
            throw ConfigFileError("The config file \(path) is not valid: \(error)")
        }
    }

    func createQueues(on broker: Broker, account: String, logger: Logger) async throws {
        for entry in queues ?? [] {
            do {
                _ = try await broker.createQueue(
                    account: account, name: entry.name, attributes: (entry.attributes ?? [:]).mapValues(\.text),
                    tags: (entry.tags ?? [:]).mapValues(\.text))
                logger.info("queue ready", metadata: ["sluice.queue": "\(entry.name)"])
            } catch {
                throw ConfigFileError("The config file's queue \(entry.name) cannot be created: \(error)")
            }
        }
    }
}

/// A config file that cannot be used; ends start-up with its message (and no usage text,
/// since the command line itself was fine).
struct ConfigFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
