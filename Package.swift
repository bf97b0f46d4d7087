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
        // The explorer's config file (config.toml).
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // OpenBLAS + LAPACKE (Debian: libopenblas-dev, liblapacke-dev).
        .systemLibrary(
            name: "CLinearAlgebra",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // ncursesw (Debian: libncursesw5-dev) behind a shim header; imported only by RecTerminal.
        .systemLibrary(
            name: "CNCursesW",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        // Pure scoring engine: data, features, profiles, algorithms, sessions, evaluation. No terminal code.
        .target(
            name: "RecEngine",
            dependencies: ["CLinearAlgebra"]
        ),
        // Screen model: state, actions, layout, views drawing into a cell grid. Never imports curses.
        .target(name: "RecUI", dependencies: ["RecEngine"]),
        // The only curses code: keys/mouse -> actions, grid -> screen (changed cells only), signals.
        .target(name: "RecTerminal", dependencies: ["RecUI", "CNCursesW"]),
        // Thin command-line front end over RecEngine.
        .executableTarget(
            name: "recscope",
            dependencies: [
                "RecEngine",
                "RecUI",
                "RecTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .testTarget(name: "RecEngineTests", dependencies: ["RecEngine"], exclude: ["Fixtures"]),
        .testTarget(name: "RecUITests", dependencies: ["RecUI", "RecEngine"]),
        // Drives the built `recscope` binary as a subprocess.
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
