/// Succeed: ends its graph with its input as output.
enum SucceedState {
    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, _ report: inout [DefinitionDiagnostic]) {
        state.inputPath = reader.inputOutputPath("InputPath", &report)
        state.outputPath = reader.inputOutputPath("OutputPath", &report)
        state.kind = .succeed
    }
}
