"""Jinja filters for the trainer template: the stats-writer template's, defined once.

Both templates ship side by side (``templates/`` in a checkout, ``scaffold/_templates/``
in the wheel), so the filters are loaded from the sibling template's file. Every
free-text answer goes through the filter of the file type it lands in; see that file
for the filters and the rules they keep.
"""

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "stats-writer" / "local_extensions.py"
_SPEC = importlib.util.spec_from_file_location("_mlplugin_template_filters", _PATH)
if _SPEC is None or _SPEC.loader is None:  # pragma: no cover - a broken installation
    raise ImportError(f"the stats-writer template's filters are missing: {_PATH}")
_MODULE = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = _MODULE
_SPEC.loader.exec_module(_MODULE)

TomlExtension = _MODULE.TomlExtension
