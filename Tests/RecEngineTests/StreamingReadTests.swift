import CKernels
import Testing
@testable import RecEngine

@Suite struct StreamingReadTests {
    /// The bandwidth kernel must read every value once: small integers sum exactly in Float, so any
    /// skipped or doubled block or tail element changes the result.
    @Test(arguments: [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 1000, 4099])
    func streamSumReadsEveryValueOnce(count: Int) {
        let values = (0..<count).map { Float($0 % 7) }
        let expected = values.reduce(0, +)
        #expect(values.withUnsafeBufferPointer { rk_stream_sum($0.baseAddress, count) } == expected)
    }

    @Test func bandwidthFiguresArePositiveAndFinite() {
        let figures = StreamingRead.measure(bytes: 1 << 20, repeats: 2)
        #expect(figures.oneCore > 0 && figures.oneCore.isFinite)
        #expect(figures.allCores > 0 && figures.allCores.isFinite)
    }
}
