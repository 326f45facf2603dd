"""Drop the files that belong to the other packaging style (plain cookiecutter only).

`mlplugin new` prunes with the same table (`scaffold._generate.PACKAGING_ONLY`).
"""

from pathlib import Path

PACKAGING_ONLY = {"setup.py": "setup-py"}

for name, packaging in PACKAGING_ONLY.items():
    if "{{ cookiecutter.packaging }}" != packaging:
        Path(name).unlink()
