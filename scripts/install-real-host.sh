#!/usr/bin/env bash
# Create a virtual environment holding the real Unity ML-Agents host (mlagents 1.1.0),
# used as the oracle by the differential suite in tests/host (pytest -m host).
#
#   usage: scripts/install-real-host.sh VENV_DIR
#
# The environment runs everything the differential suites drive: the stats path,
# `register_trainer_plugins()` and `mlagents-learn --help` (both need h5py, through
# mlagents.trainers.buffer), and a Python-driven training run to its ONNX export (onnx,
# pinned to the host's 1.15.0 together with numpy and protobuf, which an unpinned onnx
# would upgrade past the host's pins). mlagents' own exporter calls torch.onnx.export
# without dynamo=False, which on torch 2.13 wants onnxscript (itself needing onnx>=1.17,
# past the host's pin): a training run driven from Python passes dynamo=False instead.
#
# Idempotent: when VENV_DIR/bin/python passes the probe (all of the above importable,
# `mlagents-learn --help` exits 0) the script exits 0 without touching anything; a venv
# that exists but fails the probe (for example one built before h5py/onnx were added) is
# completed in place. Any failure exits non-zero with a message on stderr; it never
# reports success for a half-built environment.
#
# Environment knobs:
#   MLPLUGIN_HOST_PYTHON  interpreter used to create the venv (default: python3.11, then
#                         python3.10). mlagents 1.1.0 only works on 3.10/3.11 in practice:
#                         its discovery crashes on 3.12+.
#   MLAGENTS_VERSION      mlagents / mlagents-envs version to install (default 1.1.0).
#   TORCH_SPEC            torch requirement (default torch==2.13.0, a CPU wheel; a plain
#                         resolve may pull the multi-GB CUDA build instead).
#   TORCH_INDEX_URL       extra package index for torch, e.g. https://download.pytorch.org/whl/cpu
#                         on CI machines without a local CPU wheel (default: none, so pip's
#                         own configuration decides).
set -euo pipefail

die() {
    echo "install-real-host: ERROR: $*" >&2
    exit 1
}

[ "$#" -eq 1 ] || die "usage: $0 VENV_DIR"
venv=$1
mlagents_version=${MLAGENTS_VERSION:-1.1.0}
torch_spec=${TORCH_SPEC:-torch==2.13.0}
probe='
import h5py, onnx, numpy, google.protobuf
import mlagents.trainers.stats, mlagents.plugins.stats_writer, mlagents.trainers.settings
import mlagents.trainers.learn
from mlagents.plugins.trainer_type import register_trainer_plugins
register_trainer_plugins()
assert numpy.__version__.startswith("1.23."), numpy.__version__
assert onnx.__version__ == "1.15.0", onnx.__version__
'

host_ready() {
    [ -x "$venv/bin/python" ] && [ -x "$venv/bin/mlagents-learn" ] \
        && "$venv/bin/python" -c "$probe" \
        && "$venv/bin/mlagents-learn" --help >/dev/null
}

if host_ready >/dev/null 2>&1; then
    echo "install-real-host: $venv already provides the real host; nothing to do"
    exit 0
fi

host_python=${MLPLUGIN_HOST_PYTHON:-}
if [ -z "$host_python" ]; then
    for candidate in python3.11 python3.10; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv' >/dev/null 2>&1; then
            host_python=$candidate
            break
        fi
    done
fi
[ -n "$host_python" ] || die "no python3.11 or python3.10 found (set MLPLUGIN_HOST_PYTHON); the real host cannot run on 3.12+"
command -v "$host_python" >/dev/null 2>&1 || die "interpreter '$host_python' not found (MLPLUGIN_HOST_PYTHON)"
"$host_python" -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 10), (3, 11)) else 1)' \
    || die "$host_python is not Python 3.10/3.11; mlagents $mlagents_version cannot run on it"

start=$(date +%s)
if [ -x "$venv/bin/python" ]; then
    echo "install-real-host: completing the existing $venv"
elif [ -e "$venv" ]; then
    die "$venv exists but is not a virtual environment; remove it first"
else
    echo "install-real-host: creating $venv with $("$host_python" --version 2>&1)"
    "$host_python" -m venv "$venv" || die "could not create the virtual environment at $venv"
fi

pip=("$venv/bin/python" -m pip)
torch_index=()
if [ -n "${TORCH_INDEX_URL:-}" ]; then
    torch_index=(--extra-index-url "$TORCH_INDEX_URL")
fi
"${pip[@]}" install --upgrade pip || die "could not upgrade pip in $venv"

# mlagents' own dependency pins cannot be resolved on 3.11 (grpcio 1.48.2 has no cp311
# wheel, Requires-Python stops at 3.10.12), so its real runtime dependencies are
# installed by hand and mlagents itself with --no-deps. One resolve for all of them, so
# onnx cannot move numpy/protobuf past the host's pins; setuptools stays below 81, which
# dropped the pkg_resources that mlagents.torch_utils imports.
"${pip[@]}" install ${torch_index[@]+"${torch_index[@]}"} \
    "$torch_spec" \
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
    "six>=1.16" \
    pytest \
    || die "installing the host's dependencies (torch, numpy, tensorboard, ...) failed"

"${pip[@]}" install --no-deps --ignore-requires-python \
    "mlagents==$mlagents_version" "mlagents-envs==$mlagents_version" \
    || die "installing mlagents==$mlagents_version / mlagents-envs==$mlagents_version failed"

if ! host_ready; then
    die "the environment at $venv was built but fails the probe (imports, register_trainer_plugins(), mlagents-learn --help); see the output above"
fi

end=$(date +%s)
echo "install-real-host: real host ready in $venv ($((end - start)) s)"
