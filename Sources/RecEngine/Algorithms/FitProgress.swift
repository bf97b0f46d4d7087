/// How far a model's fit has got, for progress bars: reported by the fitted algorithms (item-kNN per
/// chunk of items, ALS per conjugate-gradient step) through `ModelFactory.onProgress`.
public struct FitProgress: Sendable, Equatable {
    public var algorithm: Algorithm
    /// Share of the fit's work done, 0...1 (1 when finished).
    public var fraction: Double

    public init(algorithm: Algorithm, fraction: Double) {
        self.algorithm = algorithm
        self.fraction = fraction
    }

    /// `fitting als  [██████▌     ]  52%  12 s, about 11 s left`: a bar of `width` cells (eighths of a
    /// cell drawn), the percentage, the time so far and — once 2% is done — the time left, estimated as
    /// the elapsed time scaled by the work left (the fits report evenly sized units of work).
    public func line(elapsed: Double, width: Int) -> String {
        let f = min(1, max(0, fraction))
        let eighths = Int((f * Double(width * 8)).rounded(.down))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        var bar = String(repeating: "█", count: eighths / 8) + partial
        bar += String(repeating: " ", count: max(0, width - eighths / 8 - (partial.isEmpty ? 0 : 1)))
        let percent = String(Int(f * 100))
        var text = "fitting \(algorithm.rawValue)  [\(bar)] \(String(repeating: " ", count: 3 - percent.count))\(percent)%  \(FitProgress.duration(elapsed))"
        if f >= 0.02 && f < 1 { text += ", about \(FitProgress.duration(elapsed * (1 - f) / f)) left" }
        return text
    }

    /// `850 ms`, `12 s`, `2 min 05 s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int(max(0, seconds) * 1000)) ms" }
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        let whole = Int(seconds.rounded())
        return "\(whole / 60) min \(whole % 60 < 10 ? "0" : "")\(whole % 60) s"
    }
}

extension ModelFactory {
    /// Passes `fraction` of `algorithm`'s fit to `onProgress` (clamped to 0...1).
    public func report(_ algorithm: Algorithm, _ fraction: Double) {
        onProgress?(FitProgress(algorithm: algorithm, fraction: min(1, max(0, fraction))))
    }
}
