import Foundation
import FuzzSupport

/// The RFC 4180 reader (`CSVTable.parse`) every CSV file goes through, then the embeddings ids file's
/// column handling (`EmbeddingIDs.from`) on what it parsed. Input: any bytes, one CSV file.
/// Checks: a parse either throws `RecError` or returns a non-empty header, one line number per record,
/// line numbers increasing from 2 and never beyond the input's line count.
func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let bytes = Data(bytes: data, count: size)
    let table: CSVTable
    do { table = try CSVTable.parse(bytes, file: "fuzz.csv") } catch is RecError { return 0 } catch {
        FuzzInput.violated("CSVTable.parse threw a non-RecError: \(error)")
    }
    guard !table.header.isEmpty, table.records.count == table.lineNumbers.count else {
        FuzzInput.violated("header \(table.header.count) fields, \(table.records.count) records, \(table.lineNumbers.count) line numbers")
    }
    let lineBreaks = UnsafeBufferPointer(start: data, count: size).reduce(0) { $0 + ($1 == 10 || $1 == 13 ? 1 : 0) }
    var previous = 1
    for line in table.lineNumbers {
        guard line > previous, line <= lineBreaks + 1 else { FuzzInput.violated("line number \(line) after \(previous) (\(lineBreaks) line breaks)") }
        previous = line
    }
    for name in table.header { _ = table.column(name) }
    _ = try? EmbeddingIDs.from(table)
    return 0
}

FuzzMain.run(fuzzOne)
