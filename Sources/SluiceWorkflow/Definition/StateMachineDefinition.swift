import SluiceCore
/// A parsed and validated Amazon States Language definition (JSONPath form).
public struct StateMachineDefinition: Sendable {
    public var graph: StateGraph
    public var comment: String?
    public var timeoutSeconds: Int?

    /// Definitions are capped at 1 MiB, as on AWS.
    public static let maxBytes = 1_048_576

    /// Parses `text`, collecting every problem into one DefinitionError.
    public static func parse(_ text: String) throws(DefinitionError) -> StateMachineDefinition {
        guard text.utf8.count <= maxBytes else {
            throw DefinitionError(diagnostics: [.schema("The definition is larger than \(maxBytes) bytes", at: "/")])
        }
        let json: JSON
        do {
            json = try JSON.parse(text)
        } catch {
            throw DefinitionError(diagnostics: [
                DefinitionDiagnostic(code: .invalidJSON, message: "Definition is not valid JSON: \(error.description)", location: "/"),
            ])
        }
        var report: [DefinitionDiagnostic] = []
        guard case .object(let object) = json else {
            throw DefinitionError(diagnostics: [.schema("The definition must be a JSON object", at: "/")])
        }
        var reader = DefinitionReader(object, at: "")
        let comment = reader.string("Comment", &report)
        _ = reader.string("Version", &report)
        let timeout = reader.integer("TimeoutSeconds", in: 1...99_999_999, &report)
        for field in ["QueryLanguage"] where reader.has(field) {
            let value = reader.value(field)
            if value?.stringValue != "JSONPath" {
                report.append(DefinitionDiagnostic(code: .unsupportedFeature, message: "QueryLanguage '\(value?.stringValue ?? "")' is not supported by Sluice: only JSONPath", location: "/QueryLanguage"))
            }
        }
        let graph = StateGraph.read(reader: &reader, depth: 0, &report)
        reader.reportUnknownFields(stateType: nil, &report)
        guard report.isEmpty, let graph else { throw DefinitionError(diagnostics: report) }
        return StateMachineDefinition(graph: graph, comment: comment, timeoutSeconds: timeout)
    }
}

extension StateGraph {
    static func read(_ json: JSON, at location: String, depth: Int, _ report: inout [DefinitionDiagnostic]) -> StateGraph? {
        guard case .object(let object) = json else {
            report.append(.schema("The value must be an OBJECT with StartAt and States", at: location))
            return nil
        }
        var reader = DefinitionReader(object, at: location)
        _ = reader.value("Comment")
        let graph = read(reader: &reader, depth: depth, &report)
        reader.reportUnknownFields(stateType: nil, &report)
        return graph
    }

    /// Reads StartAt and States, checks every transition lands on a state of this graph, that
    /// every state can be reached, and that the graph can end.
    static func read(reader: inout DefinitionReader, depth: Int, _ report: inout [DefinitionDiagnostic]) -> StateGraph? {
        guard depth < 32 else {
            report.append(.schema("Parallel and Map states are nested too deeply", at: reader.location))
            return nil
        }
        let startAt = reader.requiredString("StartAt", &report)
        guard let statesValue = reader.value("States") else {
            report.append(.schema("These fields are required: [States]", at: reader.location))
            return nil
        }
        guard case .object(let stateObjects) = statesValue, !stateObjects.isEmpty else {
            report.append(.schema("The value for the field 'States' must be a non-empty OBJECT", at: reader.pointer("States")))
            return nil
        }
        var states: [String: StateDefinition] = [:]
        for (name, value) in stateObjects {
            let location = reader.pointer("States") + "/\(name)"
            if name.isEmpty || name.utf16.count > 80 {
                report.append(.schema("State names must be 1 to 80 characters long", at: location))
            }
            if let state = StateDefinition.read(name: name, value, at: location, depth: depth, &report) {
                states[name] = state
            }
        }
        guard let startAt else { return nil }
        let graph = StateGraph(startAt: startAt, states: states)
        graph.checkTransitions(statesLocation: reader.pointer("States"), startLocation: reader.pointer("StartAt"), stateObjects: stateObjects, &report)
        return graph
    }

    private func checkTransitions(statesLocation: String, startLocation: String, stateObjects: JSONObject, _ report: inout [DefinitionDiagnostic]) {
        if stateObjects[startAt] == nil {
            report.append(DefinitionDiagnostic(code: .missingTransitionTarget, message: "Missing 'StartAt' target: \(startAt)", location: startLocation))
            return
        }
        var reachable: Set<String> = [startAt]
        var queue = [startAt]
        var canEnd = false
        while let name = queue.popLast() {
            guard let state = states[name] else { continue }
            var targets: [(String, String)] = []
            switch state.transition {
            case .next(let next): targets.append((next, "Next"))
            case .end: canEnd = true
            case .none: break
            }
            switch state.kind {
            case .choice(let choice):
                for (index, entry) in choice.choices.enumerated() { targets.append((entry.next, "Choices/\(index)/Next")) }
                if let fallback = choice.defaultState { targets.append((fallback, "Default")) }
            case .succeed, .fail: canEnd = true
            default: break
            }
            for (index, catcher) in state.catchers.enumerated() { targets.append((catcher.next, "Catch/\(index)/Next")) }
            for (target, field) in targets {
                guard stateObjects[target] != nil else {
                    report.append(DefinitionDiagnostic(code: .missingTransitionTarget, message: "Missing '\(field.split(separator: "/").last ?? "Next")' target: \(target)", location: "\(statesLocation)/\(name)/\(field)"))
                    continue
                }
                if reachable.insert(target).inserted { queue.append(target) }
            }
        }
        for name in stateObjects.keys where !reachable.contains(name) {
            report.append(DefinitionDiagnostic(code: .unreachableState, message: "State \"\(name)\" is not reachable.", location: "\(statesLocation)/\(name)"))
        }
        if !canEnd {
            report.append(DefinitionDiagnostic(code: .missingTerminalState, message: "Workflow has no terminal state", location: statesLocation))
        }
    }
}

extension StateDefinition {
    static func read(name: String, _ json: JSON, at location: String, depth: Int, _ report: inout [DefinitionDiagnostic]) -> StateDefinition? {
        guard case .object(let object) = json else {
            report.append(.schema("A state must be an OBJECT", at: location))
            return nil
        }
        var reader = DefinitionReader(object, at: location)
        _ = reader.string("Comment", &report)
        guard let type = reader.requiredString("Type", &report) else { return nil }
        for field in ["QueryLanguage", "Arguments", "Output", "Assign"] where reader.has(field) {
            _ = reader.value(field)
            report.append(DefinitionDiagnostic(code: .unsupportedFeature, message: "The field '\(field)' (JSONata and variables) is not supported by Sluice", location: reader.pointer(field)))
        }
        var state = StateDefinition(name: name, kind: .succeed)
        switch type {
        case "Pass": PassState.read(&reader, into: &state, &report)
        case "Task": TaskState.read(&reader, into: &state, &report)
        case "Choice": ChoiceState.read(&reader, into: &state, &report)
        case "Wait": WaitState.read(&reader, into: &state, &report)
        case "Succeed": SucceedState.read(&reader, into: &state, &report)
        case "Fail": FailState.read(&reader, into: &state, &report)
        case "Parallel": ParallelState.read(&reader, into: &state, depth: depth, &report)
        case "Map": MapState.read(&reader, into: &state, depth: depth, &report)
        default:
            report.append(.schema("The value for the field 'Type' must be one of [Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map]", at: reader.pointer("Type")))
            return nil
        }
        reader.reportUnknownFields(stateType: type, &report)
        return state
    }
}
