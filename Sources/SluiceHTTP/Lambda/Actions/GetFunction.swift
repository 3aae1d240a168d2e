import HTTPTypes
import SluiceWorker

enum GetFunction: LambdaAction {
    static let name = "GetFunction"
    static let method = HTTPRequest.Method.get
    static let path = "/2015-03-31/functions/{FunctionName}"

    struct Input: RESTDecodable {
        var functionName: String
        var qualifier: String?

        init(request: RESTRequest) throws {
            functionName = request.path("FunctionName")
            qualifier = request.query["Qualifier"]
        }
    }

    struct Output: JSONBodyOutput {
        struct CodeShape: Encodable, Sendable {
            var RepositoryType = "S3"
            var Location: String
        }

        static let status = 200
        var Configuration: FunctionConfigurationShape
        var Code: CodeShape?
        var Tags: [String: String]?
    }

    static func run(_ input: Input, _ context: LambdaRequestContext) async throws -> Output {
        let name = input.qualifier.map { "\(input.functionName):\($0)" } ?? input.functionName
        let function = try context.functions.function(named: name)
        let record = function.record
        let location = function.hasPackage ? "\(context.baseURL)/sluice/functions/\(record.name)/code" : nil
        return Output(
            Configuration: FunctionConfigurationShape(record), Code: location.map { Output.CodeShape(Location: $0) },
            Tags: record.tags.isEmpty ? nil : record.tags)
    }
}
