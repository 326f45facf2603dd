"""The ML-Agents StatsWriter contract, driven the way mlagents-learn drives it."""

from reference_core.testing import StatsWriterContract


class TestContract(StatsWriterContract):
    """{{ cookiecutter.class_name }}: loads the writers through the installed entry point, then runs every contract check."""

    entry_point = "{{ cookiecutter.entry_point_name }}"
