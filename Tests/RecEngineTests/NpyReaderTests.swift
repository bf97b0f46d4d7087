import Foundation
import Testing
@testable import RecEngine

/// Fixtures written by NumPy (Tools/make_npy_fixtures.py), committed under Fixtures/npy.
enum NpyFixtures {
    static let directory: String = {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        return here.appendingPathComponent("Fixtures/npy").path
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    /// The matrix every `ok_*` fixture holds (float16-exact values).
    static let values: [Float] = [1.5, -2.0, 0.25, 65504.0,
                                  -0.0, 0x1p-24, 3.0, -1000.5]
}

@Suite("NpyReader")
struct NpyReaderTests {
    @Test("reads float32 and float16 arrays written by numpy, header versions 1.0, 2.0 and 3.0",
          arguments: ["f4", "f2"], [1, 2, 3])
    func readsNumpyFiles(code: String, version: Int) throws {
        let name = "ok_\(code)_v\(version).npy"
        let matrix = try NpyReader.read(path: NpyFixtures.path(name), displayName: name)
        #expect(matrix.rows == 2)
        #expect(matrix.columns == 4)
        #expect(matrix.storedType == (code == "f4" ? .float32 : .float16))
        #expect(matrix.version.major == UInt8(version) && matrix.version.minor == 0)
        // Bit-exact, so −0.0 and the float16 subnormal 2^-24 are checked too.
        #expect(matrix.values.map(\.bitPattern) == NpyFixtures.values.map(\.bitPattern))
    }

    @Test("in-memory parse agrees with reading the file")
    func parseMatchesRead() throws {
        let path = NpyFixtures.path("ok_f2_v2.npy")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try NpyReader.parse(bytes, file: "x.npy") == NpyReader.read(path: path))
    }

    @Test("refuses each bad file with a message naming the file and the reason", arguments: [
        ("bad_magic.npy", "wrong magic"),
        ("bad_header_too_long.npy", "over the 10240-byte limit"),
        ("bad_object.npy", "object dtype '|O' is refused"),
        ("bad_int32.npy", "dtype '<i4' is not supported"),
        ("bad_float64.npy", "dtype '<f8' is not supported"),
        ("bad_structured.npy", "structured dtype"),
        ("bad_bigendian.npy", "big-endian dtype '>f4'"),
        ("bad_fortran.npy", "Fortran-order"),
        ("bad_1d.npy", "1 dimension (4,), need 2"),
        ("bad_3d.npy", "3 dimensions (2, 2, 2), need 2"),
        ("bad_truncated.npy", "needs 32 data bytes but the file holds 29"),
        ("bad_trailing.npy", "needs 32 data bytes but the file holds 36"),
        ("bad_nan.npy", "non-finite value nan at row 1, column 2"),
        ("bad_inf_f2.npy", "non-finite value inf at row 0, column 3"),
    ])
    func refuses(name: String, reason: String) {
        do {
            _ = try NpyReader.read(path: NpyFixtures.path(name), displayName: name)
            Issue.record("\(name) was accepted")
        } catch let error as RecError {
            #expect(error.file == name)
            #expect(error.description.hasPrefix("\(name): "))
            #expect(error.message.contains(reason), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("refuses an unknown version and a missing file")
    func refusesVersionAndMissingFile() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: NpyFixtures.path("ok_f4_v1.npy"))))
        bytes[6] = 4
        #expect(throws: RecError(file: "v4.npy", "unsupported .npy version 4.0 (supported: 1.0, 2.0, 3.0)")) {
            try NpyReader.parse(bytes, file: "v4.npy")
        }
        #expect(throws: RecError(file: "dir", "is a directory, not a .npy file")) {
            try NpyReader.read(path: NpyFixtures.directory, displayName: "dir")
        }
        #expect(throws: RecError(file: "nope.npy", "cannot open file")) {
            try NpyReader.read(path: NpyFixtures.path("does-not-exist.npy"), displayName: "nope.npy")
        }
    }

    @Test("a shape too large for memory is refused before anything is allocated")
    func refusesHugeShapeBeforeAllocating() throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4000000000000, 4000000), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        bytes += [UInt8](repeating: 0, count: 16)
        #expect(throws: RecError(file: "huge.npy", "shape (4000000000000, 4000000) of <f4 needs more than \(Int.max) data bytes but the file holds 16")) {
            try NpyReader.parse(bytes, file: "huge.npy")
        }
    }

    @Test("a malformed header is refused, not guessed at")
    func refusesMalformedHeader() throws {
        let header = "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1, 1), }\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0]
        bytes += Array(header.utf8) + [0, 0, 0, 0]
        do {
            _ = try NpyReader.parse(bytes, file: "m.npy")
            Issue.record("accepted")
        } catch let error as RecError {
            #expect(error.description.hasPrefix("m.npy: malformed .npy header (unexpected value 'Maybe'"))
        }
    }
}
