"""Run the plugin against mlplugin's reference core.

The pytest plugin serves ``mlagents.*`` imports from ``reference_core`` when the real
ML-Agents packages are not installed, and provides the ``run_options``,
``stats_reporter`` and ``discover`` fixtures.
"""

pytest_plugins = ["reference_core.testing.pytest_plugin"]
