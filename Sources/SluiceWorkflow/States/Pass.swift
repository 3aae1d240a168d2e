import SluiceCore
/// Pass: hands its input, a fixed Result or its Parameters on, through ResultPath.
public struct PassState: Sendable {
    public var result: JSON?

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, _ report: inout [DefinitionDiagnostic]) {
        state.inputPath = reader.inputOutputPath("InputPath", &report)
        state.outputPath = reader.inputOutputPath("OutputPath", &report)
        state.resultPath = reader.resultPath(&report)
        state.parameters = reader.template("Parameters", &report)
        state.transition = reader.transition(&report)
        state.kind = .pass(PassState(result: reader.value("Result")))
    }
}
