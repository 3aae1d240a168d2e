/// Map: runs its item processor once per element of an array in its input; its result is the
/// array of the iterations' outputs, in item order. Inline and Distributed modes run the same
/// way here (Distributed without ItemReader or ResultWriter).
public struct MapState: Sendable {
    public enum Count: Sendable {
        case fixed(Int)
        case path(JSONPath)
    }

    public enum Percentage: Sendable {
        case fixed(Double)
        case path(JSONPath)
    }

    public var processor: StateGraph
    public var isDistributed: Bool
    public var itemsPath: JSONPath?
    public var itemSelector: PayloadTemplate?
    public var maxConcurrency: Count?
    public var toleratedFailureCount: Count?
    public var toleratedFailurePercentage: Percentage?

    static func read(_ reader: inout DefinitionReader, into state: inout StateDefinition, depth: Int, _ report: inout [DefinitionDiagnostic]) {
        reader.readWorkingStateFields(into: &state, parameters: false, &report)
        _ = reader.value("Label")
        for unsupported in ["ItemReader", "ResultWriter", "ItemBatcher"] where reader.has(unsupported) {
            _ = reader.value(unsupported)
            report.append(DefinitionDiagnostic(code: .unsupportedFeature, message: "The field '\(unsupported)' of Distributed Map is not supported by Sluice", location: reader.pointer(unsupported)))
        }
        let itemsPath = reader.path("ItemsPath", &report)
        let selector = reader.template("ItemSelector", &report)
        let parameters = reader.template("Parameters", &report)
        if selector != nil, parameters != nil {
            report.append(.schema("Only one of the fields 'ItemSelector' or 'Parameters' may be set", at: reader.location))
        }
        var processor: StateGraph?
        var isDistributed = false
        let processorField = reader.has("ItemProcessor") ? "ItemProcessor" : "Iterator"
        if let value = reader.value(processorField) {
            var graphObject = value.objectValue ?? [:]
            if let config = graphObject.removeValue(forKey: "ProcessorConfig") {
                isDistributed = config["Mode"]?.stringValue == "DISTRIBUTED"
                if let mode = config["Mode"]?.stringValue, mode != "INLINE", mode != "DISTRIBUTED" {
                    report.append(.schema("The value for the field 'Mode' must be one of [INLINE, DISTRIBUTED]", at: reader.pointer(processorField) + "/ProcessorConfig/Mode"))
                }
            }
            processor = StateGraph.read(.object(graphObject), at: reader.pointer(processorField), depth: depth + 1, &report)
        } else {
            report.append(.schema("These fields are required: [ItemProcessor]", at: reader.location))
        }
        if reader.has("ItemProcessor") && reader.has("Iterator") {
            _ = reader.value("Iterator")
            report.append(.schema("Only one of the fields 'ItemProcessor' or 'Iterator' may be set", at: reader.location))
        }
        var map = MapState(
            processor: processor ?? StateGraph(startAt: "", states: [:]), isDistributed: isDistributed,
            itemsPath: itemsPath, itemSelector: selector ?? parameters
        )
        map.maxConcurrency = count("MaxConcurrency", &reader, &report)
        map.toleratedFailureCount = count("ToleratedFailureCount", &reader, &report)
        let percentage = reader.number("ToleratedFailurePercentage", &report)
        if let percentage, !(0...100).contains(percentage) {
            report.append(.schema("The value for the field 'ToleratedFailurePercentage' must be between 0 and 100", at: reader.pointer("ToleratedFailurePercentage")))
        }
        let percentagePath = reader.path("ToleratedFailurePercentagePath", &report)
        map.toleratedFailurePercentage = percentage.map(Percentage.fixed) ?? percentagePath.map(Percentage.path)
        state.kind = .map(map)
    }

    private static func count(_ field: String, _ reader: inout DefinitionReader, _ report: inout [DefinitionDiagnostic]) -> Count? {
        let fixed = reader.integer(field, in: 0...99_999_999, &report)
        let path = reader.path(field + "Path", &report)
        if fixed != nil, path != nil {
            report.append(.schema("Only one of the fields '\(field)' or '\(field)Path' may be set", at: reader.location))
        }
        if let fixed { return .fixed(fixed) }
        return path.map(Count.path)
    }
}
