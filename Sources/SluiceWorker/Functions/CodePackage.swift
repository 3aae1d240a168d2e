import Crypto
import Foundation
import SluiceCore
import ZIPFoundation

/// A deployment package (a zip, as CreateFunction's ZipFile carries it): checked, digested,
/// and unpacked once per digest under the code directory, where workers run it.
struct CodePackage: Sendable {
    let zip: Data
    /// Base64 SHA-256, as Lambda shows CodeSha256.
    let sha256: String
    /// The same digest in hex: the package's directory name.
    let hexDigest: String

    /// Lambda's limits: 50 MB zipped through the API, 250 MB unzipped.
    static let zippedLimit = 50 * 1024 * 1024
    static let unzippedLimit = 262_144_000
    static let unzipError = SluiceError(
        .invalidParameterValue, "Could not unzip uploaded file. Please check your file, then try to upload again.")

    init(zip: Data) throws(SluiceError) {
        guard zip.count <= Self.zippedLimit else {
            throw SluiceError(.requestEntityTooLarge, "Zipped size must be smaller than \(Self.zippedLimit) bytes")
        }
        let archive: Archive
        do {
            archive = try Archive(data: zip, accessMode: .read)
        } catch {
            throw Self.unzipError
        }
        var declared: UInt64 = 0
        var entries = 0
        for entry in archive {
            declared += entry.uncompressedSize
            entries += 1
        }
        guard entries > 0 else { throw Self.unzipError }
        guard declared <= UInt64(Self.unzippedLimit) else {
            throw SluiceError(.invalidParameterValue, "Unzipped size must be smaller than \(Self.unzippedLimit) bytes")
        }
        let digest = SHA256.hash(data: zip)
        self.zip = zip
        self.sha256 = Data(digest).base64EncodedString()
        self.hexDigest = digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Unpacks into `root/<hex digest>` unless already there, through a temporary directory
    /// renamed into place, so a half-unpacked package is never run. Returns the directory.
    func unpack(into root: String) throws(SluiceError) -> String {
        let target = "\(root)/\(hexDigest)"
        let files = FileManager.default
        if files.fileExists(atPath: target) { return target }
        let staging = "\(root)/.unpacking-\(hexDigest)-\(UUID().uuidString.prefix(8))"
        do {
            try files.createDirectory(atPath: staging, withIntermediateDirectories: true)
            let archivePath = staging + ".zip"
            try zip.write(to: URL(fileURLWithPath: archivePath))
            defer { try? files.removeItem(atPath: archivePath) }
            try files.unzipItem(at: URL(fileURLWithPath: archivePath), to: URL(fileURLWithPath: staging))
            guard Self.size(of: staging) <= Self.unzippedLimit else {
                try? files.removeItem(atPath: staging)
                throw SluiceError(.invalidParameterValue, "Unzipped size must be smaller than \(Self.unzippedLimit) bytes")
            }
            if rename(staging, target) != 0 {
                // Another unpack of the same digest won: use it.
                try? files.removeItem(atPath: staging)
                guard files.fileExists(atPath: target) else { throw Self.unzipError }
            }
            return target
        } catch let error as SluiceError {
            throw error
        } catch {
            try? files.removeItem(atPath: staging)
            throw Self.unzipError
        }
    }

    private static func size(of directory: String) -> Int {
        let files = FileManager.default
        guard let walker = files.enumerator(atPath: directory) else { return 0 }
        var total = 0
        while let path = walker.nextObject() as? String {
            let attributes = try? files.attributesOfItem(atPath: "\(directory)/\(path)")
            total += (attributes?[.size] as? Int) ?? 0
        }
        return total
    }
}
