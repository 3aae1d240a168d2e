import HTTPTypes
import SluiceWorker

enum GetFunctionConfiguration: LambdaAction {
    static let name = "GetFunctionConfiguration"
    static let method = HTTPRequest.Method.get
    static let path = "/2015-03-31/functions/{FunctionName}/configuration"

    typealias Input = GetFunction.Input

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> ConfigurationOutput {
        let name = input.qualifier.map { "\(input.functionName):\($0)" } ?? input.functionName
        return ConfigurationOutput(try context.functions.function(named: name).record)
    }
}
