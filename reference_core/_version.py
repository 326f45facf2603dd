"""mlplugin's version: the one place it is written.

``pyproject.toml`` reads it at build time (``[tool.hatch.version]``), and
``reference_core.__version__`` / ``scaffold.__version__`` return it at run time without
``importlib.metadata``, so a copy of the reference core that has no distribution
metadata (verify's environments, a source tree never installed) still knows its version.
"""

__version__ = "0.2.0"
