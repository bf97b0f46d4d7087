import Testing
@testable import RecUI

/// The formatters never trap, whatever the value (an implicit weight of 1e20 used to crash the
/// Profile view in `Format.fixed`).
@Suite struct FormatTests {
    @Test func fixedByHand() {
        #expect(Format.fixed(0.2904, decimals: 3) == "0.290")
        #expect(Format.fixed(-1.5, decimals: 1) == "-1.5")
        #expect(Format.fixed(23.475, decimals: 2) == "23.48")
        #expect(Format.fixed(7, decimals: 0) == "7")
    }

    @Test func fixedHugeAndNonFiniteValues() {
        #expect(Format.fixed(1e20, decimals: 2) == "1.0e20")
        #expect(Format.fixed(-3e30, decimals: 3) == "-3.0e30")
        #expect(Format.fixed(Float.greatestFiniteMagnitude, decimals: 2) == "3.4e38")
        #expect(Format.fixed(.infinity, decimals: 2) == "inf")
        #expect(Format.fixed(-.infinity, decimals: 2) == "-inf")
        #expect(Format.fixed(.nan, decimals: 2) == "nan")
        // Just below the switch to exponent form the digits are exact.
        #expect(Format.fixed(1e9, decimals: 2) == "1000000000.00")
    }
}
