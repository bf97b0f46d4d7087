// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "recscope",
    products: [
        .executable(name: "recscope", targets: ["recscope"]),
        .library(name: "RecEngine", targets: ["RecEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS + LAPACKE (Debian: libopenblas-dev, liblapacke-dev).
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // Pure scoring engine: data, features, profiles, algorithms, sessions, evaluation. No terminal code.
        .target(
            name: "RecEngine",
            dependencies: ["CLinearAlgebra"]
        ),
        // Thin command-line front end over RecEngine.
        .executableTarget(
            name: "recscope",
            dependencies: [
                "RecEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RecEngineTests", dependencies: ["RecEngine"], exclude: ["Fixtures"]),
        // Drives the built `recscope` binary as a subprocess.
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
