#!/usr/bin/env bash
# Install the real ML-Agents host (mlagents {{ cookiecutter.mlagents_version }}, CPU torch) into the environment of PYTHON.
#
#   usage: scripts/install-host.sh PYTHON        (tox runs it as: bash scripts/install-host.sh {envpython})
#
# Why not `pip install mlagents`: mlagents' own pins cannot be resolved on Python 3.11
# (grpcio 1.48.2 has no cp311 wheel; Requires-Python stops at 3.10.12). So its real
# runtime dependencies are installed in one resolve with the host's pins (numpy 1.23,
# protobuf 3.20, onnx 1.15.0, cattrs < 1.7, setuptools < 81 for pkg_resources), and
# mlagents itself with --no-deps. Python 3.12+ cannot run mlagents {{ cookiecutter.mlagents_version }}.
#
# Idempotent: exits 0 at once when the host already imports and registers trainers.
# Knobs: TORCH_SPEC (default torch=={{ cookiecutter.torch_version }}), TORCH_INDEX_URL (e.g.
# https://download.pytorch.org/whl/cpu, so pip does not pick the multi-GB CUDA build),
# MLAGENTS_VERSION (default {{ cookiecutter.mlagents_version }}).
set -euo pipefail

[ "$#" -eq 1 ] || { echo "usage: $0 PYTHON" >&2; exit 2; }
python=$1
probe='
import h5py, onnx, torch
from mlagents.plugins.trainer_type import register_trainer_plugins
register_trainer_plugins()
'
if "$python" -c "$probe" >/dev/null 2>&1; then
    echo "install-host: mlagents is already installed for $python"
    exit 0
fi
"$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 10), (3, 11)) else 1)' || {
    echo "install-host: $python is not Python 3.10/3.11; mlagents {{ cookiecutter.mlagents_version }} cannot run on it" >&2
    exit 1
}
torch_index=()
if [ -n "${TORCH_INDEX_URL:-}" ]; then
    torch_index=(--extra-index-url "$TORCH_INDEX_URL")
fi
"$python" -m pip install ${torch_index[@]+"${torch_index[@]}"} \
    "${TORCH_SPEC:-torch=={{ cookiecutter.torch_version }}}" \
    "setuptools>=77.0.3,<81" \
    "numpy>=1.23.5,<1.24" \
    "protobuf>=3.20.2,<3.21" \
    "onnx==1.15.0" \
    h5py \
    "pyyaml>=3.1.0" \
    "attrs>=19.3.0" \
    "cattrs>=1.1.0,<1.7" \
    "tensorboard>=2.14" \
    "Pillow>=4.2.1" \
    cloudpickle \
    "filelock>=3.4.0" \
    grpcio \
    "six>=1.16"
version=${MLAGENTS_VERSION:-{{ cookiecutter.mlagents_version }}}
"$python" -m pip install --no-deps --ignore-requires-python "mlagents==$version" "mlagents-envs==$version"
"$python" -c "$probe" || {
    echo "install-host: mlagents was installed but does not import or register trainers (see above)" >&2
    exit 1
}
