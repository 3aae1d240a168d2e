/// A Lambda runtime Sluice can run: Python through the Runtime Interface Client
/// (`python3 -m awslambdaric HANDLER`), or an OS-only runtime whose `bootstrap` executable in the
/// code speaks the Runtime API itself (any language).
public enum FunctionRuntime: Sendable, Hashable, CustomStringConvertible {
    /// `python3.9` … `python3.14`: the version Lambda names.
    case python(minor: Int)
    /// `provided`, `provided.al2`, `provided.al2023`.
    case provided(String)

    public init?(_ name: String) {
        if name.hasPrefix("python3."), let minor = Int(name.dropFirst("python3.".count)), (8...14).contains(minor) {
            self = .python(minor: minor)
        } else if ["provided", "provided.al2", "provided.al2023"].contains(name) {
            self = .provided(name)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .python(let minor): "python3.\(minor)"
        case .provided(let name): name
        }
    }

    /// Every runtime Lambda's API accepts (Sluice runs those `init` accepts), in the order its
    /// validation message lists them.
    public static let lambdaRuntimes = [
        "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
        "java8", "java8.al2", "java11", "python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
        "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet8", "nodejs4.3-edge",
        "go1.x", "ruby2.5", "ruby2.7", "provided", "provided.al2", "nodejs18.x", "python3.10", "java17", "ruby3.2",
        "ruby3.3", "ruby3.4", "python3.11", "nodejs20.x", "provided.al2023", "python3.12", "java21", "python3.13",
        "nodejs22.x", "nodejs24.x", "python3.14", "java25", "dotnet10",
    ]

    /// Whether `handler` names something this runtime can load: `module.function` for Python
    /// (the module may be in a package, `pkg/mod.fn` or `pkg.mod.fn`); anything for `provided`,
    /// whose bootstrap reads `_HANDLER` itself.
    public func accepts(handler: String) -> Bool {
        switch self {
        case .python:
            guard let dot = handler.lastIndex(of: "."), dot != handler.startIndex, handler.index(after: dot) != handler.endIndex
            else { return false }
            return true
        case .provided:
            return true
        }
    }
}
