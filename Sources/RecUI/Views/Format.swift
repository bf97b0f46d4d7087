/// Small text formatters shared by the views. All are pure and allocation-light.
public enum Format {
    /// A horizontal bar `width` cells wide filled in proportion to `value / maximum`, drawn with
    /// eighth-blocks so small differences stay visible ("█████▍   "). Negative values draw empty.
    public static func bar(_ value: Float, maximum: Float, width: Int) -> String {
        guard width > 0 else { return "" }
        let fraction = maximum > 0 && value.isFinite ? max(0, min(1, value / maximum)) : 0
        let eighths = Int((fraction * Float(width * 8)).rounded())
        let full = eighths / 8
        let rest = eighths % 8
        var text = String(repeating: "█", count: full)
        if rest > 0 { text.append(Format.partialBlocks[rest]) }
        let used = full + (rest > 0 ? 1 : 0)
        if used < width { text += String(repeating: " ", count: width - used) }
        return text
    }

    private static let partialBlocks: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A count and its noun, singular for 1: "1 event", "2 events", "9,742 items".
    public static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(value)) " + (value == 1 ? noun : (plural ?? noun + "s"))
    }

    /// An integer with thousands separators: 9742 → "9,742".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// A score in at most 6 cells: 3 decimals below 10, fewer above, scientific beyond 99,999.
    public static func score(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        let magnitude = abs(value)
        // Small non-zero scores keep their leading digits instead of rounding to 0.000 beside bars of
        // different lengths: 0.0042, 4.2e-4.
        if magnitude > 0 && magnitude < 0.0005 {
            var exponent = 0, mantissa = Double(magnitude)
            while mantissa < 1 { mantissa *= 10; exponent += 1 }
            if (mantissa * 10).rounded() >= 100 { mantissa /= 10; exponent -= 1 }
            return (value < 0 ? "-" + fixed(Float(mantissa), decimals: 0) : fixed(Float(mantissa), decimals: 1)) + "e-\(exponent)"
        }
        if magnitude > 0 && magnitude < 0.01 { return fixed(value, decimals: value < 0 ? 3 : 4) }
        if magnitude < 10 { return fixed(value, decimals: 3) }
        if magnitude < 100 { return fixed(value, decimals: 2) }
        if magnitude < 1000 { return fixed(value, decimals: 1) }
        if magnitude < 100_000 { return fixed(value, decimals: 0) }
        let exponent = Int(log10(Double(magnitude)))
        return fixed(Float(Double(value) / pow10(exponent)), decimals: 1) + "e\(exponent)"
    }

    /// `value` with exactly `decimals` digits after the point (no Foundation needed).
    public static func fixed(_ value: Float, decimals: Int) -> String {
        guard value.isFinite else { return score(value) }
        let scale = pow10(decimals)
        let scaled = (Double(value) * scale).rounded()
        // Past 2^53 the digits are no longer exact (and past Int.max `Int(_:)` would trap): exponent form.
        guard abs(scaled) < 9e15 else { return score(value) }
        let negative = scaled < 0
        let whole = Int(abs(scaled) / scale)
        let fraction = Int(abs(scaled).truncatingRemainder(dividingBy: scale))
        var text = (negative ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        }
        return text
    }

    /// A duration in microseconds for the status bar: "84 µs", "1.2 ms", "3.4 s".
    public static func duration(microseconds: Double) -> String {
        if microseconds < 1000 { return "\(Int(microseconds.rounded())) µs" }
        if microseconds < 1_000_000 { return fixed(Float(microseconds / 1000), decimals: 1) + " ms" }
        return fixed(Float(microseconds / 1_000_000), decimals: 1) + " s"
    }

    /// A Unix timestamp (seconds, UTC) as "YYYY-MM-DD" (proleptic Gregorian, days-from-civil inverse).
    public static func date(_ timestamp: Int64) -> String {
        let days = Int64((Double(timestamp) / 86_400).rounded(.down))
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(0, n) { result *= 10 }
        return result
    }

    private static func log10(_ x: Double) -> Double {
        var exponent = 0.0, v = x
        while v >= 10 { v /= 10; exponent += 1 }
        return exponent
    }
}
