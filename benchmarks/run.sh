#!/usr/bin/env bash
# One command for every benchmark table: builds benchmarks/.venv (this repository,
# non-editable, with [test], plus the tools it is compared against) and runs run.py.
#
#   benchmarks/run.sh [--quick] [--only generation,verify,core,tox,project] [--repeat N]
#
# BENCH_PYTHON picks the interpreter for the venv (default: python3).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
venv=$here/.venv
python=${BENCH_PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
    echo "[bench] creating $venv" >&2
    if command -v uv >/dev/null 2>&1; then
        uv venv --quiet --python "$(command -v "$python")" "$venv"
    else
        "$python" -m venv "$venv"
    fi
fi

echo "[bench] installing $root (non-editable, [test]) and benchmarks/requirements.txt" >&2
if command -v uv >/dev/null 2>&1; then
    uv pip install --quiet --python "$venv/bin/python" -r "$here/requirements.txt" "$root[test]"
    # a non-editable install of a directory is cached by uv: rebuild it from the checkout
    uv pip install --quiet --python "$venv/bin/python" --reinstall-package mlplugin --no-deps "$root"
else
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -r "$here/requirements.txt" "$root[test]"
    "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$root"
fi

# Installed packages normally carry bytecode (pip compiles it); with
# PYTHONDONTWRITEBYTECODE set nothing would ever be cached, so compile it once here --
# except mlplugin's templates: bytecode compiled from template sources lands in
# __pycache__ inside the template and `mlplugin new` copies it into new projects.
purelib=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
find "$purelib/scaffold/_templates" -name __pycache__ -type d -prune -exec rm -rf {} +
"$venv/bin/python" -m compileall -q -j 0 -x "/_templates/" "$purelib" >/dev/null || true

cd "$root"
exec "$venv/bin/python" "$here/run.py" "$@"
