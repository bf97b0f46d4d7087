import Foundation
import FuzzSupport
import TextEncoder

/// The `.safetensors` reader the encoder opens its weights with, on any bytes: `SafeTensorsFile(path:)`
/// (mmap, header length, JSON header, dtypes, shapes, offsets, overlaps) on a file holding the input,
/// then every float tensor widened to Float32 (`floats`). Checks: only `EncoderError` is thrown; every
/// tensor's byte range lies inside the data and matches its dtype × shape.
func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let path = scratchPath("weights.safetensors")
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { FuzzInput.violated("cannot write \(path)") }
    defer { unlink(path) }
    do {
        let file = try SafeTensorsFile(path: path)
        for tensor in file.tensors.values {
            guard tensor.begin >= 0, tensor.begin <= tensor.end, tensor.end <= size,
                  tensor.end - tensor.begin == tensor.elementCount * tensor.dtype.byteCount else {
                FuzzInput.violated("tensor \(tensor.name) \(tensor.dtype) \(tensor.shape) at \(tensor.begin)..<\(tensor.end)")
            }
            guard tensor.dtype.isFloat else { continue }
            let values = try file.floats(tensor.name, shape: tensor.shape, shapeSource: "fuzz")
            guard values.count == tensor.elementCount else { FuzzInput.violated("\(values.count) floats for \(tensor.elementCount) elements") }
        }
    } catch is EncoderError {
    } catch {
        FuzzInput.violated("SafeTensorsFile threw a non-EncoderError: \(error)")
    }
    return 0
}

FuzzMain.run(fuzzOne)
