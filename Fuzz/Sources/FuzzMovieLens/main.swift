import FuzzSupport

/// The MovieLens loader's column handling, strict and lenient, on an in-memory data directory.
/// Input: the files movies.csv ␞ ratings.csv ␞ tags.csv (later ones optional), separated by 0x1E.
func fuzzOne(_ input: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = input else { return 0 }
    let files = FuzzInput.named(["movies.csv", "ratings.csv", "tags.csv"], FuzzInput.files(data, size))
    checkLoad(DataFiles(name: "fuzz", files: files))
    return 0
}

FuzzMain.run(fuzzOne)
