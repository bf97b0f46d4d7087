// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "recscope",
    products: [
        .executable(name: "recscope", targets: ["recscope"]),
        .library(name: "RecEngine", targets: ["RecEngine"]),
        .library(name: "TextEncoder", targets: ["TextEncoder"]),
        // For the fuzz package (Fuzz/), which drives the explorer command parser.
        .library(name: "RecUI", targets: ["RecUI"]),
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
        // Hand-vectorised C kernels (float16 scoring with AVX2/F16C/FMA, chosen at run time; portable
        // fallback). Optimised even in debug builds, like TextEncoder.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        // Packed small-M matrix products (AVX-512, float32 or float16 weights) for the encoder's single-query
        // path, where sgemm re-packs the weights on every call. Optimised even in debug builds (test speed).
        .target(
            name: "CEncoderKernels",
            cSettings: [.unsafeFlags(["-O2"])]
        ),
        // Pure scoring engine: data, features, profiles, algorithms, sessions, evaluation. No terminal code.
        .target(
            name: "RecEngine",
            dependencies: ["CLinearAlgebra", "CKernels"]
        ),
        // all-MiniLM-L6-v2 sentence encoder in process: safetensors, WordPiece, BERT forward pass via BLAS.
        // Optimised even in debug builds: the forward pass's element-wise kernels over SIMD16 are ~50×
        // slower unoptimised, which would make the reference tests take minutes.
        .target(
            name: "TextEncoder",
            dependencies: ["CLinearAlgebra", "CEncoderKernels"],
            swiftSettings: [.unsafeFlags(["-O"])]
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
                "TextEncoder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .testTarget(name: "RecEngineTests", dependencies: ["RecEngine", "CKernels"], exclude: ["Fixtures"]),
        .testTarget(name: "TextEncoderTests", dependencies: ["TextEncoder"], exclude: ["Fixtures"]),
        .testTarget(name: "RecUITests", dependencies: ["RecUI", "RecEngine"]),
        // Drives the built `recscope` binary as a subprocess.
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
