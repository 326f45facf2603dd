#!/usr/bin/env bash
# Run mlplugin's test suites through tox; installs everything it needs itself.
#
#   bash scripts/test.sh                 # default envs: py39..py313, lint, type, docs, pkg
#   bash scripts/test.sh -e integration  # any tox arguments are passed on
#
# tox, tox-uv and uv are installed into .venv-tools (reused on later runs). The pyenv
# interpreters 3.9-3.13 are found through .python-version.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$here/.venv-tools"
python=${PYTHON:-python3}
export UV_PYTHON_DOWNLOADS=never
export PIP_DISABLE_PIP_VERSION_CHECK=1

if ! "$tools/bin/tox" --version >/dev/null 2>&1; then
    echo "==> installing tox, tox-uv and uv into $tools"
    "$python" -m venv "$tools"
    "$tools/bin/python" -m pip install --quiet "tox>=4.20" "tox-uv>=1.11" "uv>=0.4"
fi
export PATH="$tools/bin:$PATH"
cd "$here"
if [ "$#" -eq 0 ]; then
    set -- run-parallel --parallel 2 --parallel-no-spinner --parallel-live
elif [ "$1" = "-e" ]; then
    set -- run-parallel --parallel 2 --parallel-no-spinner --parallel-live "$@"
fi
exec tox "$@"
