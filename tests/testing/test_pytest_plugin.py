"""The opt-in pytest plugin: shim, header line and fixtures, in inner pytest sessions."""

from __future__ import annotations

import pytest

PLUGIN = ("-p", "reference_core.testing.pytest_plugin", "-p", "no:cacheprovider")


def test_header_names_the_shim_and_plugin_code_imports_mlagents(
    pytester: pytest.Pytester,
) -> None:
    """With the plugin on, `import mlagents.trainers.stats` works and the header says why."""
    pytester.makepyfile("""
        from mlagents.trainers.stats import StatsWriter
        import reference_core

        def test_shimmed():
            assert StatsWriter is reference_core.StatsWriter
    """)
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["reference_core host shim: active (mlagents not installed)"])


def test_without_the_plugin_nothing_is_shimmed(pytester: pytest.Pytester) -> None:
    """The plugin is opt-in: without it, mlagents is not importable here."""
    pytester.makepyfile("""
        import pytest

        def test_not_shimmed():
            with pytest.raises(ImportError):
                import mlagents.trainers.stats  # noqa: F401
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "host shim" not in result.stdout.str()


def test_fixtures(pytester: pytest.Pytester) -> None:
    """run_options, stats_reporter, discover and contract behave as documented."""
    pytester.makepyfile("""
        from pathlib import Path
        from mlagents.trainers.stats import StatsWriter

        class Quiet(StatsWriter):
            def write_stats(self, category, values, step):
                pass

        class Picky(StatsWriter):
            def write_stats(self, category, values, step):
                if not values:
                    raise KeyError("no values")

        def test_run_options(run_options, tmp_path):
            settings = run_options.checkpoint_settings
            assert settings.run_id == "test-run"
            assert Path(settings.write_path) == tmp_path / "results" / "test-run"

        def test_stats_reporter(stats_reporter):
            stats_reporter.add_writer(Quiet())
            stats_reporter("Cat").add_stat("k", 1.0)
            assert len(stats_reporter.writers) == 1

        def test_stats_reporter_is_clean_again(stats_reporter):
            assert stats_reporter.writers == []
            assert not stats_reporter.stats_dict

        def test_discover(discover):
            discovery = discover(strict=True)
            assert discovery.outcome("default").ok

        def test_contract_passes(contract):
            assert contract([Quiet()]).ok

        def test_contract_fails(contract):
            contract([Picky()])
    """)
    result = pytester.runpytest(*PLUGIN)
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_contract_fails*",
            "*contract violation(s):",
            "1. MLP605 Picky.write_stats raised KeyError('no values') at *",
            "2. MLP608 Picky.write_stats raised KeyError('no values') at *",
        ]
    )
    assert "Traceback" not in result.stdout.str()
