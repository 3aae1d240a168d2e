import HTTPTypes
import SluiceWorker

enum DeleteFunction: LambdaAction {
    static let name = "DeleteFunction"
    static let method = HTTPRequest.Method.delete
    static let path = "/2015-03-31/functions/{FunctionName}"

    typealias Input = GetFunction.Input

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> NoContent {
        let name = input.qualifier.map { "\(input.functionName):\($0)" } ?? input.functionName
        try await context.functions.deleteFunction(name: name)
        return NoContent()
    }
}
