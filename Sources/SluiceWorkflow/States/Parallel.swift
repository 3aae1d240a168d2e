/// Parallel: runs every branch on the same input at once; its result is the array of the
/// branches' outputs, in branch order.
public struct ParallelState: Sendable {
    public var branches: [StateGraph]

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, depth: Int, _ report: inout [DefinitionDiagnostic]) {
        state.inputPath = reader.inputOutputPath("InputPath", &report)
        state.outputPath = reader.inputOutputPath("OutputPath", &report)
        state.resultPath = reader.resultPath(&report)
        state.parameters = reader.template("Parameters", &report)
        state.resultSelector = reader.template("ResultSelector", &report)
        state.retriers = reader.retriers(&report)
        state.catchers = reader.catchers(&report)
        state.transition = reader.transition(&report)
        var branches: [StateGraph] = []
        if let value = reader.value("Branches") {
            if case .array(let entries) = value, !entries.isEmpty {
                for (index, entry) in entries.enumerated() {
                    if let graph = StateGraph.read(entry, at: reader.pointer("Branches") + "/\(index)", depth: depth + 1, &report) {
                        branches.append(graph)
                    }
                }
            } else {
                report.append(.schema("The value for the field 'Branches' must be a non-empty ARRAY", at: reader.pointer("Branches")))
            }
        } else {
            report.append(.schema("These fields are required: [Branches]", at: reader.location))
        }
        state.kind = .parallel(ParallelState(branches: branches))
    }
}
