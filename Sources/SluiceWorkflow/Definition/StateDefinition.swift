/// InputPath or OutputPath: `$` by default, `null` for an empty object, or a path.
public enum InputOutputPath: Sendable {
    case identity
    case empty
    case path(JSONPath)
}

/// ResultPath: where a state's result goes in its input. `$` (the default) replaces the
/// input; `null` discards the result.
public enum ResultPathField: Sendable {
    case replace
    case discard
    case path(ReferencePath)
}

/// How a state hands over: to a named state, or by ending its graph. Choice, Succeed and Fail
/// have neither.
public enum Transition: Sendable, Equatable {
    case next(String)
    case end
    case none
}

/// One state of a graph, with the fields every state type shares and its type's own part.
public struct StateDefinition: Sendable {
    public enum Kind: Sendable {
        case pass(PassState)
        case task(TaskState)
        case choice(ChoiceState)
        case wait(WaitState)
        case succeed
        case fail(FailState)
        case parallel(ParallelState)
        case map(MapState)
    }

    public var name: String
    public var kind: Kind
    public var transition: Transition = .none
    public var inputPath: InputOutputPath = .identity
    public var outputPath: InputOutputPath = .identity
    public var resultPath: ResultPathField = .replace
    public var parameters: PayloadTemplate?
    public var resultSelector: PayloadTemplate?
    public var retriers: [Retrier] = []
    public var catchers: [Catcher] = []

    /// The type name used in history event types (`PassStateEntered`) and messages.
    public var typeName: String {
        switch kind {
        case .pass: "Pass"
        case .task: "Task"
        case .choice: "Choice"
        case .wait: "Wait"
        case .succeed: "Succeed"
        case .fail: "Fail"
        case .parallel: "Parallel"
        case .map: "Map"
        }
    }
}

/// A StartAt and its States: the whole machine, a Parallel branch or a Map's item processor.
public struct StateGraph: Sendable {
    public var startAt: String
    public var states: [String: StateDefinition]
}

extension DefinitionReader {
    mutating func inputOutputPath(_ field: String, _ report: inout [DefinitionDiagnostic]) -> InputOutputPath {
        guard let value = value(field) else { return .identity }
        if case .null = value { return .empty }
        guard case .string(let text) = value else {
            report.append(.schema("The value for the field '\(field)' must be a STRING or null", at: pointer(field)))
            return .identity
        }
        do {
            return .path(try JSONPath(text))
        } catch {
            report.append(DefinitionDiagnostic(code: .invalidPath, message: "The value for the field '\(field)' must be a valid JSONPath", location: pointer(field)))
            return .identity
        }
    }

    mutating func resultPath(_ report: inout [DefinitionDiagnostic]) -> ResultPathField {
        guard let value = value("ResultPath") else { return .replace }
        if case .null = value { return .discard }
        guard case .string(let text) = value else {
            report.append(.schema("The value for the field 'ResultPath' must be a STRING or null", at: pointer("ResultPath")))
            return .replace
        }
        do {
            let path = try ReferencePath(text)
            return text == "$" ? .replace : .path(path)
        } catch {
            report.append(DefinitionDiagnostic(code: .invalidReferencePath, message: "The value for the field 'ResultPath' must be a valid ReferencePath", location: pointer("ResultPath")))
            return .replace
        }
    }

    mutating func template(_ field: String, _ report: inout [DefinitionDiagnostic]) -> PayloadTemplate? {
        guard let value = value(field) else { return nil }
        guard case .object = value else {
            report.append(.schema("The value for the field '\(field)' must be an OBJECT", at: pointer(field)))
            return nil
        }
        return PayloadTemplate.compile(value, at: pointer(field), &report)
    }

    /// The fields Task, Parallel and Map share: paths, Parameters (Map reads its own, as an
    /// item selector), ResultSelector, Retry, Catch and the transition.
    mutating func readWorkingStateFields(into state: inout StateDefinition, parameters: Bool = true, _ report: inout [DefinitionDiagnostic]) {
        state.inputPath = inputOutputPath("InputPath", &report)
        state.outputPath = inputOutputPath("OutputPath", &report)
        state.resultPath = resultPath(&report)
        if parameters { state.parameters = template("Parameters", &report) }
        state.resultSelector = template("ResultSelector", &report)
        state.retriers = retriers(&report)
        state.catchers = catchers(&report)
        state.transition = transition(&report)
    }

    /// Next or End, exactly one of them.
    mutating func transition(_ report: inout [DefinitionDiagnostic]) -> Transition {
        let next = string("Next", &report)
        let end = bool("End", &report) ?? false
        switch (next, end) {
        case (let next?, false): return .next(next)
        case (nil, true): return .end
        case (.some, true):
            report.append(.schema("Only one of the fields 'Next' or 'End' may be set", at: location))
        case (nil, false):
            report.append(.schema("These fields are required: [Next | End]", at: location))
        }
        return .end
    }
}
