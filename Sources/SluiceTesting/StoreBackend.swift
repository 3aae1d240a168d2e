public import SluiceStore

/// Every store backend the conformance suite runs against. A new backend is a new case.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite

    public var description: String { rawValue }

    /// Opens the backend's store on `directory`; opening twice on one directory is a restart.
    public func open(_ directory: TemporaryDirectory, durability: StoreDurability = .os) throws -> any QueueStore {
        switch self {
        case .sqlite: try SQLiteStore(directory: directory.path, durability: durability)
        }
    }

    /// The backend's function store on `directory`; opening twice on one directory is a restart.
    public func openFunctions(_ directory: TemporaryDirectory) throws -> any FunctionStore {
        switch self {
        case .sqlite: try SQLiteStore(directory: directory.path)
        }
    }
}
