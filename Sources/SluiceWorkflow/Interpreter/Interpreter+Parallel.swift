import SluiceCore
extension Interpreter {
    /// Runs every branch at once on the same input. The first branch to fail cancels the
    /// others and fails the state.
    func runParallel(
        _ parallel: ParallelState, state: StateDefinition, processing: Processing, raw: JSON,
        context: StateContext, frame: ExecutionFrame, previous: Int
    ) async throws -> JSON {
        let contextJSON = context.json(contextBase)
        let effective = try processing.inputPath(raw, context: contextJSON)
        let input = try processing.parameters(effective, context: contextJSON) ?? effective
        let prefix = "\(frame.scope)/\(frame.enteredEventId).\(frame.attemptNumber)."
        let resuming = saved.keys.contains { $0.hasPrefix(prefix) }
        let started = resuming ? previous : try await record(.plain("ParallelStateStarted"), previous: previous)
        do {
            return try await withThrowingTaskGroup(of: (Int, JSON).self) { group in
                for (index, branch) in parallel.branches.enumerated() {
                    group.addTask {
                        (index, try await self.runGraph(branch, scope: prefix + "\(index)", input: input, previousEventId: started))
                    }
                }
                var outputs = [JSON](repeating: .null, count: parallel.branches.count)
                while let (index, output) = try await group.next() {
                    outputs[index] = output
                }
                return .array(outputs)
            }
        } catch let error as StatesError {
            try await record(.plain("ParallelStateFailed"), previous: started)
            throw error
        }
    }
}
