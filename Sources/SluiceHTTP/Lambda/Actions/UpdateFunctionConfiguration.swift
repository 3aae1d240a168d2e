import HTTPTypes
import SluiceWorker

enum UpdateFunctionConfiguration: LambdaAction {
    static let name = "UpdateFunctionConfiguration"
    static let method = HTTPRequest.Method.put
    static let path = "/2015-03-31/functions/{FunctionName}/configuration"

    struct Input: JSONBodyInput {
        var FunctionName: String
        var Runtime: String?
        var Role: String?
        var Handler: String?
        var Description: String?
        var Timeout: Int?
        var MemorySize: Int?
        var Environment: CreateFunction.Input.EnvironmentInput?
        var RevisionId: String?
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> ConfigurationOutput {
        let settings = FunctionSettings(
            runtime: input.Runtime, handler: input.Handler, role: input.Role, description: input.Description,
            timeoutSeconds: input.Timeout, memoryMB: input.MemorySize,
            environment: input.Environment.map { $0.Variables ?? [:] })
        return ConfigurationOutput(try await context.functions.updateFunctionConfiguration(
            name: input.FunctionName, settings: settings, revisionId: input.RevisionId))
    }
}
