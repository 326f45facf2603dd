#!/usr/bin/env bash
# Build mlplugin's sdist and wheel, check them, install the wheel into a fresh virtual
# environment and run mlplugin from there. Used by `tox -e pkg`.
#
#   bash scripts/check-package.sh WORK_DIR
set -euo pipefail
work=${1:?usage: check-package.sh WORK_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rm -rf "$work/dist" "$work/venv" "$work/demo"
mkdir -p "$work"

echo "==> building sdist and wheel"
python -m build --sdist --wheel --outdir "$work/dist" "$here"
echo "==> twine check"
python -m twine check --strict "$work"/dist/*
echo "==> check-wheel-contents"
check-wheel-contents "$work"/dist/*.whl
echo "==> wheel layout"
python - "$work"/dist/*.whl <<'PY'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
required = {
    "scaffold/py.typed",
    "reference_core/py.typed",
    "reference_core/testing/__init__.py",
    "scaffold/_templates/stats-writer/cookiecutter.json",
    "scaffold/_templates/stats-writer/hooks/pre_gen_project.py",
    "scaffold/_templates/versions/stats-writer-v1/snapshot.py",
}
missing = sorted(required - names)
top_level = sorted({n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")})
problems = [f"missing {m}" for m in missing]
if top_level != ["reference_core", "scaffold"]:
    problems.append(f"unexpected top-level entries {top_level}")
if problems:
    sys.exit("wheel layout is wrong: " + "; ".join(problems))
print(f"ok: {len(names)} files, top level {top_level}")
PY
echo "==> installing the wheel into a fresh environment"
python -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$work"/dist/*.whl
"$work/venv/bin/mlplugin" --version
echo "==> mlplugin new from the installed wheel"
mkdir -p "$work/demo"
"$work/venv/bin/mlplugin" new pkg-check-writer --output-dir "$work/demo"
test -f "$work/demo/pkg-check-writer/src/pkg_check_writer/writer.py"
echo "pkg: all checks passed"
