import Foundation
import FuzzSupport

/// The `.npy` reader on any bytes, through both of its entry points: `NpyReader.parse` (in memory) and
/// `NpyReader.read(path:)` (what the program calls: header first, data read only once the shape is proven
/// consistent with the file size), which must agree — same matrix or same error message.
/// The file for `read(path:)` lives in /dev/shm when present (a RAM disk), else the temporary directory.
enum Scratch {
    static let path: String = {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (directory as NSString).appendingPathComponent("recscope-fuzz-npy-\(getpid()).npy")
    }()
}

func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    var inMemory: Result<NpyMatrix, RecError>
    do { inMemory = .success(try NpyReader.parse(bytes, file: "fuzz.npy")) } catch let error as RecError { inMemory = .failure(error) } catch {
        FuzzInput.violated("NpyReader.parse threw a non-RecError: \(error)")
    }
    if case .success(let matrix) = inMemory {
        guard matrix.values.count == matrix.rows * matrix.columns, matrix.values.allSatisfy(\.isFinite) else {
            FuzzInput.violated("matrix \(matrix.rows)x\(matrix.columns) with \(matrix.values.count) values")
        }
    }
    guard FileManager.default.createFile(atPath: Scratch.path, contents: Data(bytes)) else { FuzzInput.violated("cannot write \(Scratch.path)") }
    defer { unlink(Scratch.path) }
    var fromFile: Result<NpyMatrix, RecError>
    do { fromFile = .success(try NpyReader.read(path: Scratch.path, displayName: "fuzz.npy")) } catch let error as RecError { fromFile = .failure(error) } catch {
        FuzzInput.violated("NpyReader.read threw a non-RecError: \(error)")
    }
    switch (inMemory, fromFile) {
    case (.success(let a), .success(let b)):
        guard a == b else { FuzzInput.violated("parse and read return different matrices") }
    case (.failure(let a), .failure(let b)):
        guard a == b else { FuzzInput.violated("parse and read fail differently: '\(a)' vs '\(b)'") }
    case (.success, .failure(let error)):
        FuzzInput.violated("parse accepts what read refuses: \(error)")
    case (.failure(let error), .success):
        FuzzInput.violated("read accepts what parse refuses: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
