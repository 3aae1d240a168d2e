import Foundation
import SluiceCore

extension Interpreter {
    /// Runs the item processor once per item, at most MaxConcurrency at a time (0: all at
    /// once, up to 40 as AWS's inline Map), collecting outputs in item order.
    func runMap(
        _ map: MapState, state: StateDefinition, processing: Processing, raw: JSON,
        context: StateContext, frame: ExecutionFrame, previous: Int
    ) async throws -> JSON {
        let contextJSON = context.json(contextBase)
        let effective = try processing.inputPath(raw, context: contextJSON)
        let items = try processing.local { () throws(StatesError) -> [JSON] in
            let value = try map.itemsPath.map { path throws(StatesError) in try path.evaluate(path.isContextPath ? contextJSON : effective) } ?? effective
            guard case .array(let items) = value else {
                throw StatesError.runtime("Item list must be a JSON array, but was \(value.typeName): \(map.itemsPath?.text ?? "$")")
            }
            return items
        }
        let maxConcurrency = try processing.local { () throws(StatesError) in
            try resolveCount(map.maxConcurrency, field: "MaxConcurrency", input: effective, context: contextJSON) ?? 0
        }
        let prefix = "\(frame.scope)/\(frame.enteredEventId).\(frame.attemptNumber)#"
        let resuming = saved.keys.contains { $0.hasPrefix(prefix) }
        let started = resuming ? previous : try await record(.mapStateStarted(length: items.count), previous: previous)
        do {
            let toleratedCount = try processing.local { () throws(StatesError) in
                try resolveCount(map.toleratedFailureCount, field: "ToleratedFailureCount", input: effective, context: contextJSON)
            }
            let toleratedPercentage = try processing.local { () throws(StatesError) in
                try resolvePercentage(map.toleratedFailurePercentage, input: effective, context: contextJSON)
            }
            var runStarted = started
            if map.isDistributed, !resuming {
                runStarted = try await record(.mapRunStarted(arn: mapRunArn(state: state, eventId: frame.enteredEventId)), previous: started)
            }
            var inputs: [JSON] = []
            inputs.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard let selector = map.itemSelector else {
                    inputs.append(item)
                    continue
                }
                var itemContext = context
                itemContext.mapItem = (index, item)
                let itemContextJSON = itemContext.json(contextBase)
                inputs.append(try processing.local { () throws(StatesError) in try selector.evaluate(input: effective, context: itemContextJSON) })
            }
            let output = try await runIterations(
                map, state: state, inputs: inputs, prefix: prefix, started: runStarted,
                limit: maxConcurrency == 0 ? 40 : maxConcurrency,
                tolerated: (toleratedCount, toleratedPercentage)
            )
            if map.isDistributed { try await record(.plain("MapRunSucceeded"), previous: runStarted) }
            try await record(.plain("MapStateSucceeded"), previous: started)
            return output
        } catch let error as StatesError {
            if map.isDistributed, error.name != "States.Runtime" { try await record(.plain("MapRunFailed"), previous: started) }
            if error.name != "States.Runtime" { try await record(.plain("MapStateFailed"), previous: started) }
            throw error
        }
    }

    private func runIterations(
        _ map: MapState, state: StateDefinition, inputs: [JSON], prefix: String, started: Int, limit: Int,
        tolerated: (count: Int?, percentage: Double?)
    ) async throws -> JSON {
        let tolerates = tolerated.count != nil || tolerated.percentage != nil
        return try await withThrowingTaskGroup(of: (Int, Result<JSON, StatesError>).self) { group in
            var outputs = [JSON](repeating: .null, count: inputs.count)
            var nextIndex = 0
            var failures = 0
            var firstFailure: StatesError?
            func launch(_ index: Int) {
                group.addTask {
                    let scope = prefix + "\(index)"
                    // An iteration that finished before a restart is done: no events again.
                    if let output = self.saved[scope]?.output { return (index, .success(output)) }
                    let resumed = self.saved[scope] != nil
                    let iterationStarted = map.isDistributed || resumed
                        ? started
                        : try await self.record(.mapIteration("Started", name: state.name, index: index), previous: started)
                    do {
                        let output = try await self.runGraph(map.processor, scope: scope, input: inputs[index], previousEventId: iterationStarted)
                        if !map.isDistributed {
                            try await self.record(.mapIteration("Succeeded", name: state.name, index: index), previous: iterationStarted)
                        }
                        return (index, .success(output))
                    } catch let error as StatesError {
                        if !map.isDistributed {
                            try await self.record(.mapIteration("Failed", name: state.name, index: index), previous: iterationStarted)
                        }
                        return (index, .failure(error))
                    }
                }
            }
            while nextIndex < min(limit, inputs.count) {
                launch(nextIndex)
                nextIndex += 1
            }
            while let (index, result) = try await group.next() {
                switch result {
                case .success(let output):
                    outputs[index] = output
                case .failure(let error):
                    if error.name == "States.Runtime" || !tolerates {
                        group.cancelAll()
                        throw error
                    }
                    failures += 1
                    firstFailure = firstFailure ?? error
                    if exceeds(failures: failures, of: inputs.count, tolerated: tolerated) {
                        group.cancelAll()
                        throw StatesError(name: "States.ExceedToleratedFailureThreshold", cause: "The specified tolerated failure threshold was exceeded")
                    }
                }
                if nextIndex < inputs.count {
                    launch(nextIndex)
                    nextIndex += 1
                }
            }
            return .array(outputs)
        }
    }

    private func exceeds(failures: Int, of total: Int, tolerated: (count: Int?, percentage: Double?)) -> Bool {
        if let count = tolerated.count, failures > count { return true }
        if let percentage = tolerated.percentage, total > 0, Double(failures) * 100 / Double(total) > percentage { return true }
        return false
    }

    private func resolveCount(_ count: MapState.Count?, field: String, input: JSON, context: JSON) throws(StatesError) -> Int? {
        switch count {
        case nil: return nil
        case .fixed(let value): return value
        case .path(let path):
            let value = try path.evaluate(path.isContextPath ? context : input)
            guard let number = value.wholeNumber else {
                throw StatesError.runtime("The \(field)Path field refers to value \(value.compactText) which is not a valid integer: \(path.text)")
            }
            guard number >= 0 else { throw StatesError.runtime("\(field) cannot be negative.") }
            return number
        }
    }

    private func resolvePercentage(_ percentage: MapState.Percentage?, input: JSON, context: JSON) throws(StatesError) -> Double? {
        switch percentage {
        case nil: return nil
        case .fixed(let value): return value
        case .path(let path):
            let value = try path.evaluate(path.isContextPath ? context : input)
            guard let number = value.doubleValue else {
                throw StatesError.runtime("The ToleratedFailurePercentagePath field refers to value \(value.compactText) which is not a valid number: \(path.text)")
            }
            guard (0...100).contains(number) else { throw StatesError.runtime("ToleratedFailurePercentage must be between 0 and 100.") }
            return number
        }
    }

    private func mapRunArn(state: StateDefinition, eventId: Int) -> String {
        let machine = info.stateMachineArn.replacingOccurrences(of: ":stateMachine:", with: ":mapRun:")
        return "\(machine)/\(state.name):\(info.name)-\(eventId)"
    }
}
