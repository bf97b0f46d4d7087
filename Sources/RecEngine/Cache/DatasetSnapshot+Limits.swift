import Foundation

extension DatasetSnapshot {
    /// Refuses (as `Corrupt`) a snapshot holding events no loader produces, so a crafted snapshot with a
    /// valid checksum cannot give the engine values a CSV load would refuse: ratings and weights outside
    /// 0…1e9 (`maximumEventValue`, NaN included), timestamps outside the years 0001–9999
    /// (`acceptedTimestamps`), session clicks, and a user's events out of (timestamp, item) order.
    /// The offsets are already checked. O(events), no allocation.
    ///
    /// Duplicate ids, which the loaders also refuse, are not checked: that means hashing every id at
    /// every launch (~1.7 s for a million ids on this machine), the cost the lazy `IDLookup` exists to
    /// avoid; a repeated id is harmless (look-ups take its first index).
    static func checkEventLimits(userStart: Column<Int64>, items: Column<Int32>, values: Column<Float>, times: Column<Int64>, kinds: Column<UInt8>) throws {
        var valid = true
        values.withUnsafeBufferPointer { values in
            for value in values where !(value >= 0 && value <= maximumEventValue) { valid = false; break }
        }
        let lower = acceptedTimestamps.lowerBound, upper = acceptedTimestamps.upperBound
        times.withUnsafeBufferPointer { times in
            for time in times where time < lower || time > upper { valid = false; break }
        }
        let rating = EventKind.rating.rawValue, implicit = EventKind.implicit.rawValue
        kinds.withUnsafeBufferPointer { kinds in
            for kind in kinds where kind != rating && kind != implicit { valid = false; break }
        }
        guard valid else { throw Corrupt() }
        times.withUnsafeBufferPointer { times in
            items.withUnsafeBufferPointer { items in
                for user in 0..<max(0, userStart.count - 1) where valid {
                    let start = Int(userStart[user]), end = Int(userStart[user + 1])
                    guard end - start > 1 else { continue }
                    for k in (start + 1)..<end where times[k] < times[k - 1] || (times[k] == times[k - 1] && items[k] < items[k - 1]) {
                        valid = false
                        break
                    }
                }
            }
        }
        guard valid else { throw Corrupt() }
    }
}
