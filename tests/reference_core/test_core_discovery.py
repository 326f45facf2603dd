"""Plugin discovery through real (throwaway) installed distributions."""

from __future__ import annotations

import importlib.metadata
import logging
import pickle
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference_core import (
    DEFAULT_ENTRY_POINT_VALUE,
    ML_AGENTS_STATS_WRITER,
    ML_AGENTS_TRAINER_TYPE,
    ConsoleWriter,
    GaugeWriter,
    PluginLoadError,
    RunOptions,
    StatsWriter,
    TensorboardWriter,
    UnknownPluginError,
    discover_stats_writers,
    get_default_stats_writers,
    register_stats_writer_plugins,
    stats_writer_entry_points,
)

PLUGIN_SOURCE = """
import sys
from reference_core import StatsWriter

class W(StatsWriter):
    def __init__(self, tag="w"):
        self.tag = tag
    def write_stats(self, category, values, step):
        pass

class HalfIterable:
    def __len__(self):
        return 2
    def __iter__(self):
        yield W("partial")
        raise RuntimeError("broke while iterating")

def good(run_options):
    return [W("good")]
def as_tuple(run_options):
    return (W("tuple"),)
def as_generator(run_options):
    return (w for w in [W()])
def single(run_options):
    return W()
def none(run_options):
    return None
def not_a_writer(run_options):
    return ["notawriter"]
def zero_args():
    return [W()]
def exits(run_options):
    sys.exit(3)
def interrupts(run_options):
    raise KeyboardInterrupt
def half(run_options):
    return HalfIterable()
def reads_options(run_options):
    return [W(run_options.checkpoint_settings.run_id)]
"""

LOGGER = "mlagents.plugins.stats_writer"
#: A group no installed distribution uses, so these tests see only their own plugins.
TEST_GROUP = "reference_core_tests.stats_writer"
MakeDist = Callable[..., Path]

# name, value, stage (None: accepted), type of the error, what the host keeps
CASES = [
    pytest.param("good", "plugmod:good", None, None, ["good"], id="good"),
    pytest.param("tuple", "plugmod:as_tuple", None, None, ["tuple"], id="tuple"),
    pytest.param("generator", "plugmod:as_generator", "len", TypeError, [], id="generator"),
    pytest.param("single", "plugmod:single", "len", TypeError, [], id="single-writer"),
    pytest.param("none", "plugmod:none", "len", TypeError, [], id="none"),
    pytest.param("zeroarg", "plugmod:zero_args", "call", TypeError, [], id="zero-arg"),
    pytest.param("exit", "plugmod:exits", "call", SystemExit, [], id="sys-exit"),
    pytest.param(
        "missingmod",
        "no_such_plugin_module:f",
        "load",
        ModuleNotFoundError,
        [],
        id="missing-module",
    ),
    pytest.param("missingattr", "plugmod:nope", "load", AttributeError, [], id="missing-attribute"),
    pytest.param("half", "plugmod:half", "extend", RuntimeError, ["partial"], id="partial-extend"),
]
ALL_ENTRY_POINTS = [(p.values[0], p.values[1]) for p in CASES] + [
    ("notawriter", "plugmod:not_a_writer")
]


def _tags(writers: Any) -> list[Any]:
    return [getattr(w, "tag", w) for w in writers]


@pytest.fixture
def plugins(make_dist: MakeDist) -> Path:
    """One distribution declaring every kind of good and broken plugin, in TEST_GROUP."""
    return make_dist(
        "reference-core-test-plugins",
        version="2.5",
        entry_points={TEST_GROUP: ALL_ENTRY_POINTS},
        modules={"plugmod": PLUGIN_SOURCE},
    )


def test_host_mode_result(plugins: Path) -> None:
    """The host keeps good, tuple, partial and non-writer returns, in metadata order."""
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP, include_defaults=False)
    assert _tags(discovery.writers) == ["good", "tuple", "partial", "notawriter"]
    assert [o.name for o in discovery.outcomes] == [name for name, _ in ALL_ENTRY_POINTS]
    assert discovery.fell_back_to_defaults is False


@pytest.mark.parametrize(("name", "value", "stage", "error", "kept"), CASES)
def test_host_mode_outcome(
    plugins: Path, *, name: str, value: str, stage: Any, error: Any, kept: list[str]
) -> None:
    """Each entry point's outcome names the failing stage, the error and what was kept."""
    outcome = discover_stats_writers(
        RunOptions(), group=TEST_GROUP, include_defaults=False
    ).outcome(name)
    assert (outcome.value, outcome.stage, outcome.ok) == (value, stage, error is None)
    assert _tags(outcome.writers) == kept
    if error is None:
        assert outcome.error is None
        assert outcome.error_text is None
    else:
        assert type(outcome.error) is error
        assert outcome.error_text is not None
        assert outcome.error_text.startswith("Traceback (most recent call last):")
        assert error.__name__ in outcome.error_text


def test_host_mode_logs_like_the_host(plugins: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Debug lines per plugin and one ERROR line with traceback per broken plugin."""
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    discover_stats_writers(RunOptions(), group=TEST_GROUP, include_defaults=False)
    records = [r for r in caplog.records if r.name == LOGGER]
    assert [r.getMessage() for r in records[:3]] == [
        "Initializing StatsWriter plugins: good",
        "Found 1 StatsWriters for plugin good",
        "Initializing StatsWriter plugins: tuple",
    ]
    errors = [r for r in records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        f"Error initializing StatsWriter plugins for {name}. This plugin will not be used."
        for name in (
            "generator",
            "single",
            "none",
            "zeroarg",
            "exit",
            "missingmod",
            "missingattr",
            "half",
        )
    ]
    assert all(r.exc_info is not None for r in errors)


STRICT = [p for p in CASES if p.values[2] is not None] + [
    pytest.param("notawriter", "plugmod:not_a_writer", "element", TypeError, [], id="not-a-writer"),
]


@pytest.mark.parametrize(("name", "value", "stage", "error", "kept"), STRICT)
def test_strict_mode_raises(
    make_dist: MakeDist, *, name: str, value: str, stage: str, error: Any, kept: Any
) -> None:
    """Strict mode raises PluginLoadError with the stage, chained from the cause."""
    make_dist(
        "strict-case",
        entry_points={TEST_GROUP: [(name, value)]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    with pytest.raises(PluginLoadError) as info:
        discover_stats_writers(RunOptions(), group=TEST_GROUP, strict=True, include_defaults=False)
    raised = info.value
    assert (raised.entry_point, raised.group, raised.stage, raised.value) == (
        name,
        TEST_GROUP,
        stage,
        value,
    )
    assert raised.distribution == "strict-case"
    assert type(raised.cause) is error
    assert raised.__cause__ is raised.cause
    assert isinstance(raised, RuntimeError)
    assert f"stage {stage!r}" in str(raised)


def test_strict_mode_accepts_good_plugins(make_dist: MakeDist) -> None:
    """Strict mode returns the same writers as host mode when nothing is broken."""
    make_dist(
        "strict-good",
        entry_points={TEST_GROUP: [("good", "plugmod:good"), ("tuple", "plugmod:as_tuple")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    discovery = discover_stats_writers(
        RunOptions(), group=TEST_GROUP, strict=True, include_defaults=False
    )
    assert _tags(discovery.writers) == ["good", "tuple"]


INTERRUPT = [
    pytest.param(False, id="host-swallows"),
    pytest.param(True, id="strict-reraises"),
]


@pytest.mark.parametrize("strict", INTERRUPT)
def test_keyboard_interrupt(make_dist: MakeDist, strict: bool) -> None:
    """Host mode swallows KeyboardInterrupt like upstream; strict mode lets it through."""
    make_dist(
        "interrupting",
        entry_points={TEST_GROUP: [("ki", "plugmod:interrupts")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    if strict:
        with pytest.raises(KeyboardInterrupt):
            discover_stats_writers(
                RunOptions(), group=TEST_GROUP, strict=True, include_defaults=False
            )
    else:
        outcome = discover_stats_writers(
            RunOptions(), group=TEST_GROUP, include_defaults=False
        ).outcome("ki")
        assert (outcome.stage, type(outcome.error)) == ("call", KeyboardInterrupt)


def test_run_options_is_passed(make_dist: MakeDist) -> None:
    """The registration function receives the RunOptions given to discovery."""
    make_dist(
        "reader",
        entry_points={TEST_GROUP: [("reader", "plugmod:reads_options")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    options = RunOptions()
    options.checkpoint_settings.run_id = "my-run"
    discovery = discover_stats_writers(options, group=TEST_GROUP, include_defaults=False)
    assert _tags(discovery.writers) == ["my-run"]


def test_provenance(plugins: Path) -> None:
    """Outcomes carry distribution name, version, group and the dist-info location."""
    outcome = discover_stats_writers(
        RunOptions(), group=TEST_GROUP, include_defaults=False
    ).outcome("good")
    assert (outcome.distribution, outcome.version, outcome.group) == (
        "reference-core-test-plugins",
        "2.5",
        TEST_GROUP,
    )
    assert outcome.location == str(plugins / "reference_core_test_plugins-2.5.dist-info")
    assert outcome.synthetic is False


def test_editable_location(make_dist: MakeDist, tmp_path: Path) -> None:
    """For an editable install, location is the source directory from direct_url.json."""
    source = tmp_path / "my project"
    source.mkdir()
    make_dist(
        "editable-plugin",
        entry_points={TEST_GROUP: [("good", "plugmod:good")]},
        modules={"plugmod": PLUGIN_SOURCE},
        direct_url={"url": source.as_uri(), "dir_info": {"editable": True}},
    )
    outcome = discover_stats_writers(
        RunOptions(), group=TEST_GROUP, include_defaults=False
    ).outcome("good")
    assert outcome.location == str(source)


def test_duplicate_distribution_is_loaded_once(make_dist: MakeDist, tmp_path: Path) -> None:
    """A distribution visible twice on sys.path counts once, the first one, on every Python."""
    make_dist(
        "twice-installed",
        version="1.0",
        entry_points={TEST_GROUP: [("good", "plugmod:good")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    make_dist(
        "Twice_Installed", version="2.0", entry_points={TEST_GROUP: [("good", "plugmod:good")]}
    )
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP, include_defaults=False)
    assert [(o.name, o.version) for o in discovery.outcomes] == [("good", "2.0")]
    assert len(stats_writer_entry_points(TEST_GROUP)) == 1


def test_order_follows_sys_path(make_dist: MakeDist) -> None:
    """Across distributions, the one earlier on sys.path comes first."""
    make_dist(
        "dist-b",
        entry_points={TEST_GROUP: [("b1", "plugmod:good"), ("b2", "plugmod:as_tuple")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    make_dist("dist-a", entry_points={TEST_GROUP: [("a1", "plugmod:good")]})
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP, include_defaults=False)
    assert [o.name for o in discovery.outcomes] == ["a1", "b1", "b2"]


def test_absent_group_warns_and_uses_defaults(caplog: pytest.LogCaptureFixture) -> None:
    """No entry points at all: the host's warning, then the built-in writers."""
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP, include_defaults=False)
    assert discovery.fell_back_to_defaults is True
    assert discovery.outcomes == ()
    assert [type(w) for w in discovery.writers] == [TensorboardWriter, GaugeWriter, ConsoleWriter]
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            LOGGER,
            logging.WARNING,
            (
                f"Unable to find any entry points for {TEST_GROUP}, even the default ones. "
                "Uninstalling and reinstalling ml-agents via pip should resolve. "
                "Using default plugins for now."
            ),
        )
    ]


def test_explicit_entry_points(make_dist: MakeDist) -> None:
    """entry_points= replaces the installed metadata; an empty list means the group is absent."""
    make_dist("explicit", modules={"plugmod": PLUGIN_SOURCE})
    ep = importlib.metadata.EntryPoint("given", "plugmod:good", TEST_GROUP)
    other = importlib.metadata.EntryPoint("elsewhere", "plugmod:good", "another.group")
    discovery = discover_stats_writers(
        RunOptions(), group=TEST_GROUP, include_defaults=False, entry_points=[ep, other]
    )
    assert [(o.name, o.distribution) for o in discovery.outcomes] == [("given", None)]
    empty = discover_stats_writers(
        RunOptions(), group=TEST_GROUP, include_defaults=False, entry_points=[]
    )
    assert empty.fell_back_to_defaults is True


def test_synthetic_default_comes_first(plugins: Path) -> None:
    """With include_defaults, mlagents' own `default` entry point is processed first."""
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP)
    first = discovery.outcomes[0]
    assert (first.name, first.value, first.synthetic, first.distribution) == (
        "default",
        DEFAULT_ENTRY_POINT_VALUE,
        True,
        None,
    )
    assert [type(w) for w in discovery.writers[:3]] == [
        TensorboardWriter,
        GaugeWriter,
        ConsoleWriter,
    ]
    assert _tags(discovery.writers[3:]) == ["good", "tuple", "partial", "notawriter"]


def test_real_mlagents_default_replaces_synthetic(make_dist: MakeDist) -> None:
    """An installed `mlagents` distribution's `default` entry point is used as is."""
    make_dist(
        "dist-plugin",
        entry_points={TEST_GROUP: [("good", "plugmod:good")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    make_dist(
        "mlagents", version="1.1.0", entry_points={TEST_GROUP: [("default", "plugmod:as_tuple")]}
    )
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP)
    assert [(o.name, o.distribution, o.synthetic) for o in discovery.outcomes] == [
        ("default", "mlagents", False),
        ("good", "dist-plugin", False),
    ]
    assert _tags(discovery.writers) == ["tuple", "good"]


def test_default_writers(tmp_path: Path) -> None:
    """Defaults: TensorBoard at write_path (clearing unless resuming), gauges, console."""
    options = RunOptions()
    options.checkpoint_settings.results_dir = str(tmp_path)
    tensorboard, gauge, console = get_default_stats_writers(options)
    assert isinstance(tensorboard, TensorboardWriter)
    assert (tensorboard.base_dir, tensorboard._clear_past_data, tensorboard.hidden_keys) == (
        options.checkpoint_settings.write_path,
        True,
        ["Is Training", "Step"],
    )
    assert (type(gauge), type(console)) == (GaugeWriter, ConsoleWriter)
    options.checkpoint_settings.resume = True
    assert get_default_stats_writers(options)[0]._clear_past_data is False


def test_register_stats_writer_plugins(make_dist: MakeDist) -> None:
    """The host-named function returns a list: defaults first, then installed plugins."""
    make_dist(
        "host-group-plugin",
        entry_points={ML_AGENTS_STATS_WRITER: [("rc_test_good", "plugmod:good")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    writers = register_stats_writer_plugins(RunOptions())
    assert type(writers) is list
    assert [type(w) for w in writers[:3]] == [TensorboardWriter, GaugeWriter, ConsoleWriter]
    assert "good" in _tags(writers[3:])
    assert all(isinstance(w, StatsWriter) for w in writers[:3])


def test_outcome_lookup_suggests_names(plugins: Path) -> None:
    """Discovery.outcome raises a KeyError subclass with close names for a typo."""
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP, include_defaults=False)
    with pytest.raises(KeyError) as info:
        discovery.outcome("godo")
    assert isinstance(info.value, UnknownPluginError)
    assert "did you mean 'good'" in str(info.value)


def test_group_constants() -> None:
    """The group strings are the upstream ones."""
    assert (ML_AGENTS_STATS_WRITER, ML_AGENTS_TRAINER_TYPE) == (
        "mlagents.stats_writer",
        "mlagents.trainer_type",
    )


def test_plugin_load_error_pickles() -> None:
    """PluginLoadError survives pickling with its keyword data."""
    error = PluginLoadError(
        entry_point="x", group="g", stage="len", distribution="d", value="m:f", cause=TypeError("t")
    )
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.entry_point, copy.group, copy.stage, copy.distribution, copy.value) == (
        "x",
        "g",
        "len",
        "d",
        "m:f",
    )
    assert str(copy) == str(error)


#: (metadata directory name, metadata Name, the key the stdlib de-duplicates by)
DISTRIBUTION_KEYS = [
    pytest.param("My.Plugin-1.0.dist-info", "other", "my_plugin", id="dist-info-dir-name-wins"),
    pytest.param("my_plugin.egg-info", None, "my_plugin", id="egg-info-without-version"),
    pytest.param("my_plugin-0.1.egg-info", "My-Plugin", "my_plugin", id="egg-info"),
    pytest.param("plain-directory", "Some.Name", "some_name", id="no-suffix-uses-name"),
]


@pytest.mark.parametrize(("directory", "name", "key"), DISTRIBUTION_KEYS)
def test_distribution_key_is_the_metadata_directory_name(
    directory: str, name: Optional[str], key: str
) -> None:
    """Duplicates are told apart by the metadata directory's normalised name, like the stdlib."""
    from reference_core._distributions import distribution_key

    assert distribution_key(f"/site/{directory}", name) == key


def test_same_name_in_other_directories_loads_both(make_dist: MakeDist, tmp_path: Path) -> None:
    """Two metadata directories with different names both load, though their Name is one."""
    site = make_dist(
        "renamed-plugin",
        entry_points={TEST_GROUP: [("good", "plugmod:good")]},
        modules={"plugmod": PLUGIN_SOURCE},
    )
    (site / "renamed_plugin-1.0.dist-info").rename(site / "renamed_plugin_copy-1.0.dist-info")
    make_dist("renamed-plugin", entry_points={TEST_GROUP: [("good", "plugmod:good")]})
    discovery = discover_stats_writers(RunOptions(), group=TEST_GROUP, include_defaults=False)
    assert [o.name for o in discovery.outcomes] == ["good", "good"]


@given(path=st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_file_url_path_is_urllib_requests_url2pathname(path: str) -> None:
    """The light url2pathname decodes every URL path exactly as urllib.request's does."""
    import urllib.parse
    import urllib.request

    from reference_core._distributions import url2pathname

    quoted = urllib.parse.quote(path)
    assert url2pathname(quoted) == urllib.request.url2pathname(quoted)
    assert url2pathname(path) == urllib.request.url2pathname(path)
