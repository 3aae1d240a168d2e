import Foundation
import SluiceCore
import Synchronization

/// The functions of a remote Sluice, as a `sluice worker` runs them: configuration from
/// GetFunction, the package from its Code.Location, unpacked here once per digest.
final class RemoteFunctions: FunctionResolving {
    let remote: RemoteSluice
    let codeDirectory: String
    private let cache = Mutex<[String: FunctionSpec]>([:])

    init(remote: RemoteSluice, codeDirectory: String) {
        self.remote = remote
        self.codeDirectory = codeDirectory
    }

    func spec(function name: String, revision: String) async throws -> FunctionSpec {
        if let cached = cache.withLock({ $0["\(name)#\(revision)"] }) { return cached }
        let answer = try JSON.parse(data: try await remote.get("2015-03-31/functions/\(name)"))
        guard case .object(let configuration)? = answer["Configuration"] else {
            throw SluiceError(.serviceException, "GetFunction answered without a Configuration for \(name)")
        }
        guard configuration["RevisionId"]?.stringValue == revision else {
            throw SluiceError(.resourceConflict, "The function \(name) changed after the invocation overflowed.")
        }
        guard let location = answer["Code"]?["Location"]?.stringValue, let url = URL(string: location) else {
            throw SluiceError(
                .resourceConflict,
                "The function \(name) is declared in the remote server's config file: its code is only there. Create it with the Lambda API to run it on remote workers.")
        }
        guard let runtimeName = configuration["Runtime"]?.stringValue, let runtime = FunctionRuntime(runtimeName) else {
            throw SluiceError(.serviceException, "The function \(name) has a runtime this worker cannot run")
        }
        let zip = try await remote.get(String(url.path.dropFirst()))
        let directory = try CodePackage(zip: zip).unpack(into: codeDirectory)
        var environment: [String: String] = [:]
        if case .object(let variables)? = configuration["Environment"]?["Variables"] {
            for (key, value) in variables { environment[key] = value.stringValue }
        }
        let spec = FunctionSpec(
            name: name, arn: configuration["FunctionArn"]?.stringValue ?? name, revision: revision, runtime: runtime,
            handler: configuration["Handler"]?.stringValue ?? "", codeDirectory: directory,
            memoryMB: configuration["MemorySize"]?.wholeNumber ?? 128, timeoutSeconds: configuration["Timeout"]?.wholeNumber ?? 3,
            environment: environment)
        cache.withLock { $0["\(name)#\(revision)"] = spec }
        return spec
    }
}
