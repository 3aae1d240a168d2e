/// Parallel: runs every branch on the same input at once; its result is the array of the
/// branches' outputs, in branch order.
public struct ParallelState: Sendable {
    public var branches: [StateGraph]

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, depth: Int, _ report: inout [DefinitionDiagnostic]) {
        reader.readWorkingStateFields(into: &state, &report)
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
