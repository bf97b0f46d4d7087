#!/usr/bin/env python3
"""Writes the small .npy fixtures the Swift tests read (Tests/RecEngineTests/Fixtures/npy/).

The outputs are committed, so running the tests never needs Python; rerun this only to change them:
  python3 Tools/make_npy_fixtures.py

Every file is written by NumPy itself (numpy.lib.format / numpy.save), except the few refusal cases
NumPy cannot produce (wrong magic, oversized header, truncated data), which are derived from a NumPy
file by editing bytes. The PCA fixture's expected plane coordinates are computed here in float64 with
numpy.linalg.eigh, independently of recscope's LAPACK path.
"""

import csv
import io
from pathlib import Path

import numpy as np
from numpy.lib import format as npy

OUT = Path(__file__).resolve().parent.parent / "Tests" / "RecEngineTests" / "Fixtures" / "npy"

# Exactly representable in float16 as well as float32: includes the float16 maximum, a negative zero
# and the smallest float16 subnormal (2**-24), so widening can be checked bit for bit.
VALUES = np.array([[1.5, -2.0, 0.25, 65504.0],
                   [-0.0, 2.0 ** -24, 3.0, -1000.5]])


def write(name: str, array: np.ndarray, version=None, allow_pickle=False) -> None:
    with open(OUT / name, "wb") as f:
        npy.write_array(f, array, version=version, allow_pickle=allow_pickle)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for code in ("f4", "f2"):
        for version in ((1, 0), (2, 0), (3, 0)):
            write(f"ok_{code}_v{version[0]}.npy", VALUES.astype("<" + code), version=version)

    # Refusals NumPy can write.
    write("bad_object.npy", np.array([[1.0, "x"]], dtype=object), allow_pickle=True)
    write("bad_bigendian.npy", VALUES.astype(">f4"))
    write("bad_fortran.npy", np.asfortranarray(VALUES.astype("<f4")))
    write("bad_int32.npy", VALUES[:, :2].astype("<i4"))
    write("bad_float64.npy", VALUES.astype("<f8"))
    write("bad_1d.npy", np.arange(4, dtype="<f4"))
    write("bad_3d.npy", np.zeros((2, 2, 2), dtype="<f4"))
    write("bad_structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<f4")]))
    nan = VALUES.astype("<f4"); nan[1, 2] = np.nan
    write("bad_nan.npy", nan)
    inf = VALUES.astype("<f2"); inf[0, 3] = np.inf
    write("bad_inf_f2.npy", inf)

    # Refusals made by editing a valid file's bytes.
    good = (OUT / "ok_f4_v1.npy").read_bytes()
    (OUT / "bad_magic.npy").write_bytes(b"\x93NUMPX" + good[6:])
    (OUT / "bad_truncated.npy").write_bytes(good[:-3])          # shape promises 3 more bytes
    (OUT / "bad_trailing.npy").write_bytes(good + b"\0" * 4)     # 4 bytes more than the shape
    # A version-2 header padded past the 10 KB limit (20,000 bytes of spaces before the newline).
    buffer = io.BytesIO()
    npy.write_array(buffer, VALUES.astype("<f4"), version=(2, 0))
    raw = buffer.getvalue()
    length = int.from_bytes(raw[8:12], "little")
    header = raw[12:12 + length].rstrip(b"\n") + b" " * 20000 + b"\n"
    (OUT / "bad_header_too_long.npy").write_bytes(raw[:8] + len(header).to_bytes(4, "little") + header + raw[12 + length:])

    # PCA fixture: 6 points in 4-D; expected coordinates on the first two principal axes, float64.
    rng = np.random.default_rng(7)
    points = (rng.normal(size=(6, 4)) * np.array([3.0, 1.5, 0.5, 0.1])).astype("<f4")
    write("pca_points.npy", points)
    x = points.astype(np.float64)
    centred = x - x.mean(axis=0)
    covariance = centred.T @ centred / (len(x) - 1)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    axes = eigenvectors[:, ::-1][:, :2].T
    for axis in axes:  # recscope's sign convention: largest-magnitude component positive
        if axis[np.argmax(np.abs(axis))] < 0:
            axis *= -1
    coordinates = centred @ axes.T
    with open(OUT / "pca_expected.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["x", "y"])
        for xy in coordinates:
            writer.writerow([repr(float(xy[0])), repr(float(xy[1]))])
        writer.writerow(["variance", "variance"])
        writer.writerow([repr(float(eigenvalues[-1])), repr(float(eigenvalues[-2]))])


if __name__ == "__main__":
    main()
