import Foundation
public import SluiceCore

/// The functions of this server and what runs them: what Lambda's Invoke and Step Functions'
/// Lambda tasks reach.
public final class FunctionEngine: FunctionInvoking {
    /// The config file's `command:` and `url:` functions, by name.
    let externalFunctions: [String: ExternalFunction]
    private let externalRunner = ExternalFunctionRunner()

    public init(externalFunctions: [String: ExternalFunction] = [:]) {
        self.externalFunctions = externalFunctions
    }

    public func invoke(_ invocation: FunctionInvocation) async throws -> FunctionResponse {
        let name = try FunctionName.parse(invocation.functionName)
        let requestId = IdentifierGenerator.uuid()
        if let external = externalFunctions[name.name] {
            return try await externalRunner.run(external, payload: invocation.payload, requestId: requestId)
        }
        throw SluiceError(.resourceNotFound, "Function not found: \(invocation.functionName)")
    }
}
