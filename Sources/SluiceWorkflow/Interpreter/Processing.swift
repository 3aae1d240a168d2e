import SluiceCore
/// A state's input and output processing, in the order AWS applies it: InputPath →
/// Parameters → (the work) → ResultSelector → ResultPath → OutputPath. Failures here are
/// States.Runtime errors whose cause names the state, as AWS words them.
struct Processing {
    let state: StateDefinition
    let enteredEventId: Int

    /// Runs `body`, prefixing the cause of a States.Runtime or States.IntrinsicFailure error
    /// with the state and the event that entered it.
    func local<T>(_ body: () throws(StatesError) -> T) throws(StatesError) -> T {
        do {
            return try body()
        } catch {
            guard error.name == "States.Runtime" || error.name == "States.IntrinsicFailure" else { throw error }
            var prefixed = error
            prefixed.cause = "An error occurred while executing the state '\(state.name)' (entered at the event id #\(enteredEventId)). " + (error.cause ?? "")
            throw prefixed
        }
    }

    func inputPath(_ raw: JSON, context: JSON) throws(StatesError) -> JSON {
        try local { () throws(StatesError) in try Self.select(state.inputPath, raw, context: context) }
    }

    func outputPath(_ value: JSON, context: JSON) throws(StatesError) -> JSON {
        try local { () throws(StatesError) in try Self.select(state.outputPath, value, context: context) }
    }

    func parameters(_ effective: JSON, context: JSON) throws(StatesError) -> JSON? {
        guard let template = state.parameters else { return nil }
        return try local { () throws(StatesError) in try template.evaluate(input: effective, context: context) }
    }

    /// Fails a result larger than the payload quota with States.DataLimitExceeded, and one
    /// nested deeper than a stored frame could be read back with States.Runtime.
    func checkSize(_ result: JSON) throws(StatesError) {
        switch result.measure(byteLimit: Interpreter.maxPayloadBytes, depthLimit: Interpreter.maxNesting) {
        case .fits: return
        case .tooDeep:
            try local { () throws(StatesError) in
                throw StatesError.runtime("The result nests arrays and objects deeper than \(Interpreter.maxNesting) levels")
            }
        case .tooLarge:
            throw StatesError.dataLimitExceeded(
                "The state/task '\(state.name)' returned a result with a size exceeding the maximum number of bytes service limit."
            )
        }
    }

    /// ResultSelector (for Task, Parallel and Map), ResultPath, OutputPath, then the transition.
    func finish(raw: JSON, result: JSON, context: JSON, selectResult: Bool = false) throws(StatesError) -> Interpreter.Outcome {
        var result = result
        if selectResult, let selector = state.resultSelector {
            result = try local { () throws(StatesError) in try selector.evaluate(input: result, context: context) }
        }
        try checkSize(result)
        let combined = try local { () throws(StatesError) in try Self.apply(state.resultPath, raw: raw, result: result) }
        let output = try outputPath(combined, context: context)
        switch state.transition {
        case .next(let name): return .next(name, output)
        case .end, .none: return .end(output)
        }
    }

    static func select(_ field: InputOutputPath, _ value: JSON, context: JSON) throws(StatesError) -> JSON {
        switch field {
        case .identity: return value
        case .empty: return .object([:])
        case .path(let path): return try path.evaluate(path.isContextPath ? context : value)
        }
    }

    static func apply(_ field: ResultPathField, raw: JSON, result: JSON) throws(StatesError) -> JSON {
        switch field {
        case .replace: return result
        case .discard: return raw
        case .path(let path): return try path.setting(result, in: raw)
        }
    }
}
