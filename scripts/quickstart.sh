#!/usr/bin/env bash
# Set up mlplugin from this checkout and create a first plugin, then run its tests.
#
#   bash scripts/quickstart.sh [NAME] [OUTPUT_DIR]
#
# Needs only python3 (3.9+) with venv. Creates .venv in this checkout (reused on later
# runs), installs mlplugin into it, runs `mlplugin new NAME -o OUTPUT_DIR`, installs the
# generated plugin with its test extra and runs the plugin's own tests. Run it again and
# it reuses .venv and the existing project (untouched), installing and testing it again.
set -euo pipefail
name=${1:-my-writer}
out=${2:-.}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-python3}
venv="$here/.venv"

if [ ! -x "$venv/bin/python" ]; then
    echo "==> creating $venv"
    "$python" -m venv "$venv"
fi
echo "==> installing mlplugin from $here"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$here"
# A second run reuses the project the first one made: it is never regenerated or
# touched, only installed and tested again. (An invalid name prints nothing here and
# `mlplugin new` below reports it.)
existing=$("$venv/bin/python" - "$name" "$out" <<'PY'
import os, sys
from scaffold import derive_names
try:
    path = os.path.join(sys.argv[2], derive_names(sys.argv[1]).project)
except Exception:
    sys.exit(0)
if any(os.path.isfile(os.path.join(path, f)) for f in ("pyproject.toml", "setup.py")):
    print(os.path.abspath(path))
PY
)
if [ -n "$existing" ]; then
    project=$existing
    echo "==> $project already exists: leaving it as it is"
else
    echo "==> mlplugin new $name -o $out"
    project=$("$venv/bin/mlplugin" new "$name" --output-dir "$out" --quiet)
    echo "    created $project"
fi
echo "==> installing the plugin and running its tests"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$project[test]"
cd "$project"
"$venv/bin/python" -m pytest
echo
echo "Done. Activate the environment with: source $venv/bin/activate"
echo "Then: cd $project && mlplugin verify ."
