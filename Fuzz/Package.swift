// swift-tools-version:6.0
// libFuzzer targets for recscope's parsers. Not part of the main build: `make fuzz` (see docs/FUZZING.md)
// builds this package with `-sanitize=fuzzer,address` and runs every target. Each target is an
// executable whose `main.swift` hands its one-input function to libFuzzer's driver.
import PackageDescription

let fuzzTargets = ["FuzzCSV", "FuzzMovieLens", "FuzzMovieLens100K", "FuzzGeneric", "FuzzNpy", "FuzzEmbeddings", "FuzzModelCache", "FuzzEngine",
                   "FuzzSnapshot", "FuzzSafeTensors", "FuzzTextEncoder", "FuzzCommand", "FuzzScenario", "FuzzBertConfig",
                   "FuzzVocabulary", "FuzzGenericChunks"]

let package = Package(
    name: "recscope-fuzz",
    dependencies: [.package(name: "recscope", path: "..")],
    targets: [
        // libFuzzer's driver, called from Swift (see CLibFuzzer.h).
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "RecEngine", package: "recscope")]),
    ] + fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "RecEngine", package: "recscope"),
                                                    .product(name: "TextEncoder", package: "recscope"),
                                                    .product(name: "RecUI", package: "recscope")])
    },
    swiftLanguageModes: [.v6]
)
