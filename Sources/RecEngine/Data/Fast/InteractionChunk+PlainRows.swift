import Foundation

extension FastGenericLoader.InteractionChunk {
    /// Reads rows of the plain form — every field up to the last one used unquoted, ids `prefix` +
    /// canonical number known to `NumberedKeys`, a rating or weight of at most seven digits (one `.`
    /// allowed), a timestamp of digits, LF line ends — straight from the bytes, with no field list and
    /// no hash look-up. Stops at the first row (or blank line) of any other form, or at `limit`, and
    /// returns where: `RecordScanner` and `consume` read that row, with the very same result they
    /// would give the plain rows (the fast path changes the speed, never the data).
    /// Cost: one pass over the row's bytes.
    mutating func scanPlainRows(_ base: UnsafePointer<UInt8>, from position: Int, limit: Int, end: Int) throws -> Int {
        guard let itemKeys = itemNumbers, let userKeys = userNumbers, itemKeys.prefixIsPlain, userKeys.prefixIsPlain else { return position }
        let lastColumn = roles.count - 1
        let stop = min(limit, end)
        let comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), quote = UInt8(ascii: "\"")
        var p = position
        return roles.withUnsafeBufferPointer { roles in
            while p < stop {
                let rowStart = p
                var userIndex = -1, itemIndex = -1, rowValue: Float = 1, rowTime: Int64 = 0
                for column in 0...lastColumn {
                    switch roles[column] {
                    case .user:
                        userIndex = Self.numberedIndex(base, &p, end, userKeys)
                        if userIndex < 0 { return rowStart }
                    case .item:
                        itemIndex = Self.numberedIndex(base, &p, end, itemKeys)
                        if itemIndex < 0 { return rowStart }
                    case .value:
                        guard let value = Self.plainNumber(base, &p, end) else { return rowStart }
                        rowValue = value
                    case .time:
                        guard let seconds = Self.plainTimestamp(base, &p, end) else { return rowStart }
                        rowTime = seconds
                    case .other:
                        while p < end {
                            let b = base[p]
                            if b == comma || b == lf { break }
                            if b == quote || b == cr { return rowStart }
                            p += 1
                        }
                    }
                    if column < lastColumn {
                        guard p < end, base[p] == comma else { return rowStart }
                        p += 1
                    }
                }
                if p < end {
                    if base[p] == comma {   // fields after the last one used
                        while p < end {
                            let b = base[p]
                            if b == lf { break }
                            if b == quote || b == cr { return rowStart }
                            p += 1
                        }
                    } else if base[p] != lf {
                        return rowStart
                    }
                    if p < end { p += 1 }
                }
                user.append(Int32(userIndex))
                item.append(Int32(itemIndex))
                if valueColumn != nil { value.append(rowValue) }
                time.append(timeColumn != nil ? rowTime : Int64(time.count + 1))
            }
            return p
        }
    }

    /// Reads `prefix` + canonical digits (no leading zero, at most nine) at `p` and advances past them;
    /// the key's index, or -1 (another form, or no such key) leaving `p` as it was.
    @inline(__always)
    static func numberedIndex(_ base: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int, _ keys: NumberedKeys) -> Int {
        let length = keys.prefixLength
        guard end - p > length else { return -1 }
        for k in 0..<length where base[p + k] != UInt8(truncatingIfNeeded: keys.prefix >> UInt64(8 * k)) { return -1 }
        var q = p + length
        let first = base[q] &- 48
        guard first <= 9 else { return -1 }
        var number = Int(first), digits = 1
        q += 1
        while q < end {
            let d = base[q] &- 48
            if d > 9 { break }
            guard digits < 9 else { return -1 }
            number = number * 10 + Int(d)
            digits += 1
            q += 1
        }
        if first == 0 && digits > 1 { return -1 }
        let index = keys.index(ofNumber: number)
        if index >= 0 { p = q }
        return index
    }

    /// Digits with at most one `.` (digits on both sides), seven digits at most: exactly the value
    /// `Float(String)` gives, since both n and 10^k are exact in Float and division rounds correctly.
    @inline(__always)
    static func plainNumber(_ base: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int) -> Float? {
        var q = p, n = 0, digits = 0, fraction = -1
        while q < end {
            let b = base[q], d = b &- 48
            if d <= 9 {
                guard digits < 7 else { return nil }
                n = n * 10 + Int(d)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if b == UInt8(ascii: "."), fraction < 0, digits > 0 {
                fraction = 0
            } else {
                break
            }
            q += 1
        }
        guard digits > 0, fraction != 0 else { return nil }
        p = q
        if fraction < 0 { return Float(n) }
        var scale: Float = 1
        for _ in 0..<fraction { scale *= 10 }
        return Float(n) / scale
    }

    /// Up to 17 digits, seconds since 1970 no later than `latestTimestamp` (as `timestamp` reads them).
    @inline(__always)
    static func plainTimestamp(_ base: UnsafePointer<UInt8>, _ p: inout Int, _ end: Int) -> Int64? {
        var q = p, seconds: Int64 = 0, digits = 0
        while q < end {
            let d = base[q] &- 48
            if d > 9 { break }
            guard digits < 17 else { return nil }
            seconds = seconds * 10 + Int64(d)
            digits += 1
            q += 1
        }
        guard digits > 0, seconds <= FastGenericLoader.latestTimestamp else { return nil }
        p = q
        return seconds
    }
}
