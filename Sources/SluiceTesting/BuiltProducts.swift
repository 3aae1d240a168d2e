import Foundation

/// Executables `swift build` puts beside the test bundle.
public enum BuiltProducts {
    /// The `sluice` executable: worker tests run it as the keeper of their workers.
    public static var sluice: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // On macOS the bundle is a directory: …/debug/X.xctest/Contents/MacOS/X.
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("sluice").path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("sluice").path
    }
}
