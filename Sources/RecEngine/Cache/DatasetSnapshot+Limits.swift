import Foundation

extension DatasetSnapshot {
    /// Refuses (as `Corrupt`) a snapshot holding events no loader produces, so a crafted snapshot with a
    /// valid checksum cannot give the engine values a CSV load would refuse: ratings and weights outside
    /// 0…1e9 (`maximumEventValue`, NaN included), timestamps outside the years 0001–9999
    /// (`acceptedTimestamps`), session clicks, and a user's events out of (timestamp, item) order.
    /// The offsets are already checked. O(events) in one pass, on all cores.
    ///
    /// Duplicate ids, which the loaders also refuse, are not checked: that means hashing every id at
    /// every launch (~1.7 s for a million ids on this machine), the cost the lazy `IDLookup` exists to
    /// avoid; a repeated id is harmless (look-ups take its first index).
    static func checkEventLimits(userStart: Column<Int64>, items: Column<Int32>, values: Column<Float>, times: Column<Int64>, kinds: Column<UInt8>) throws {
        let users = max(0, userStart.count - 1), events = items.count
        let parts = events < 1 << 16 ? 1 : 2 * ProcessInfo.processInfo.activeProcessorCount
        let lower = acceptedTimestamps.lowerBound, upper = acceptedTimestamps.upperBound
        let rating = EventKind.rating.rawValue, implicit = EventKind.implicit.rawValue
        let passed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: parts)
        passed.initialize(repeating: true)
        defer { passed.deallocate() }
        userStart.withUnsafeBufferPointer { userStart in
            items.withUnsafeBufferPointer { items in
                values.withUnsafeBufferPointer { values in
                    times.withUnsafeBufferPointer { times in
                        kinds.withUnsafeBufferPointer { kinds in
                            parallelFor(parts, parallel: parts > 1) { part in
                                // Every value, timestamp and kind of an even share of the events (no early
                                // exit, so the loop vectorises), then the order within a share of the users.
                                var bad = false
                                for k in (events * part / parts)..<(events * (part + 1) / parts) {
                                    let value = values[k], time = times[k], kind = kinds[k]
                                    bad = bad || !(value >= 0 && value <= maximumEventValue) || time < lower || time > upper || (kind != rating && kind != implicit)
                                }
                                for user in (users * part / parts)..<(users * (part + 1) / parts) where !bad {
                                    let start = Int(userStart[user]), end = Int(userStart[user + 1])
                                    guard end - start > 1 else { continue }
                                    for k in (start + 1)..<end where times[k] < times[k - 1] || (times[k] == times[k - 1] && items[k] < items[k - 1]) {
                                        bad = true
                                        break
                                    }
                                }
                                passed[part] = !bad
                            }
                        }
                    }
                }
            }
        }
        guard passed.allSatisfy({ $0 }) else { throw Corrupt() }
    }
}
