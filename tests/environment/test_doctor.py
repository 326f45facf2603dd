"""``doctor``: each check fires on the environment it is about, and only there."""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from envfakes import FakeEnv

from scaffold._env import DOCTOR_CHECKS, DoctorFinding, doctor

HOST_EPS = {
    "mlagents.stats_writer": {"default": "mlagents.plugins.stats_writer:get_default_stats_writers"},
    "mlagents.trainer_type": {"default": "mlagents.plugins.trainer_type:get_default_trainer_types"},
}
PLUGIN_EPS = {"mlagents.stats_writer": {"mine": "my_plugin:get_writers"}}
PYPROJECT = """\
[project]
name = "my-plugin"
version = "0.1.0"

[project.entry-points."mlagents.stats_writer"]
{lines}
"""


def host(env: FakeEnv, version: str = "1.1.0") -> None:
    """Install a fake mlagents with its own default entry points."""
    env.dist("mlagents", version, HOST_EPS)


def source_tree(env: FakeEnv, files: dict[str, str]) -> Path:
    """A plugin source directory with ``files``."""
    root = env.root / "src-tree"
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def editable(env: FakeEnv, files: dict[str, str], installed: dict[str, dict[str, str]]) -> None:
    """An editable install of a source tree, with ``installed`` as its metadata."""
    host(env)
    env.dist("my-plugin", "0.1.0", installed, editable_from=source_tree(env, files))


def script(env: FakeEnv, text: str) -> None:
    """An executable ``mlagents-learn`` in the environment's bin directory."""
    path = env.bin / "mlagents-learn"
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


Setup = Callable[[FakeEnv], None]

#: (how to build the environment, Python version, expected {check_id: severity})
CASES: list[object] = [
    pytest.param(host, (3, 10, 12), {}, id="clean-host"),
    pytest.param(lambda _e: None, (3, 11, 7), {"DOC105": "info"}, id="no-mlagents"),
    pytest.param(host, (3, 12, 1), {"DOC104": "error"}, id="mlagents-on-3.12"),
    pytest.param(
        lambda e: host(e, "0.23.0"), (3, 8, 18), {"DOC104": "error"}, id="pre-plugin-mlagents"
    ),
    pytest.param(
        lambda e: e.dist("mlagents", "1.1.0", {}),
        (3, 10, 12),
        {"DOC106": "warning"},
        id="mlagents-without-default",
    ),
    pytest.param(
        lambda e: editable(
            e,
            {"pyproject.toml": PYPROJECT.format(lines='mine = "my_plugin:get_writers"')},
            PLUGIN_EPS,
        ),
        (3, 10, 12),
        {},
        id="editable-up-to-date",
    ),
    pytest.param(
        lambda e: editable(
            e,
            {
                "pyproject.toml": PYPROJECT.format(
                    lines='mine = "my_plugin:get_writers"\nmore = "my_plugin:more"'
                )
            },
            PLUGIN_EPS,
        ),
        (3, 10, 12),
        {"DOC101": "warning"},
        id="editable-source-added-entry-point",
    ),
    pytest.param(
        lambda e: editable(e, {"pyproject.toml": PYPROJECT.format(lines="")}, PLUGIN_EPS),
        (3, 10, 12),
        {"DOC101": "warning"},
        id="editable-source-removed-entry-point",
    ),
    pytest.param(
        lambda e: editable(
            e,
            {
                "setup.cfg": "[options.entry_points]\nmlagents.stats_writer =\n"
                "    mine = my_plugin:get_writers_v2\n"
            },
            PLUGIN_EPS,
        ),
        (3, 10, 12),
        {"DOC101": "warning"},
        id="editable-setup-cfg-changed-value",
    ),
    pytest.param(
        lambda e: editable(
            e,
            {
                "setup.py": "from setuptools import setup\nsetup(entry_points={"
                "'mlagents.stats_writer': ['mine = my_plugin:get_writers']})\n"
            },
            PLUGIN_EPS,
        ),
        (3, 10, 12),
        {},
        id="editable-setup-py-literal-matches",
    ),
    pytest.param(
        lambda e: editable(
            e,
            {"setup.py": "from setuptools import setup\nEPS = make()\nsetup(entry_points=EPS)\n"},
            PLUGIN_EPS,
        ),
        (3, 10, 12),
        {},
        id="editable-setup-py-computed-is-unknown",
    ),
    pytest.param(
        lambda e: (host(e), e.dist("my-plugin", "0.1", PLUGIN_EPS, editable_from=e.root / "gone")),
        (3, 10, 12),
        {"DOC109": "warning"},
        id="editable-source-missing",
    ),
    pytest.param(
        lambda e: (host(e), e.dist("my-plugin", "0.1", {"mlagents.stat_writer": {"x": "m:f"}})),
        (3, 10, 12),
        {"DOC108": "error"},
        id="near-miss-group",
    ),
    pytest.param(
        lambda e: (host(e), e.dist("ue-plugin", "0.1", {"ueagents.stats_writer": {"x": "m:f"}})),
        (3, 10, 12),
        {},
        id="fork-group-is-not-a-typo",
    ),
    pytest.param(
        lambda e: (host(e), e.dist("acme-scaffold", "2.0", top_level=["scaffold"])),
        (3, 10, 12),
        {"DOC107": "warning"},
        id="scaffold-name-clash",
    ),
    pytest.param(
        lambda e: (host(e), e.dist("mlplugin", "0.1.0", top_level=["reference_core", "scaffold"])),
        (3, 10, 12),
        {},
        id="mlplugin-itself-is-no-clash",
    ),
]


@pytest.mark.parametrize(("setup", "version", "expected"), CASES)
def test_doctor_findings(
    fake_env: FakeEnv, setup: Setup, version: tuple[int, int, int], expected: dict[str, str]
) -> None:
    """Each environment yields exactly the expected checks, with their severities."""
    setup(fake_env)
    findings = doctor(interpreter=fake_env.interpreter(version), environ={"PATH": ""})
    assert {f.check_id: f.severity for f in findings} == expected
    for finding in findings:
        assert finding.message
        assert finding.fix


def test_stale_editable_names_the_difference_and_the_fix(fake_env: FakeEnv) -> None:
    """DOC101 says which entry point is missing and gives the reinstall command."""
    editable(
        fake_env, {"pyproject.toml": PYPROJECT.format(lines='new = "my_plugin:f"')}, PLUGIN_EPS
    )
    (finding,) = doctor(interpreter=fake_env.interpreter(), environ={"PATH": ""})
    assert "new = my_plugin:f" in finding.message
    assert "mine = my_plugin:get_writers" in finding.message
    assert finding.fix == f"{sys.executable} -m pip install -e {fake_env.root / 'src-tree'}"


OTHER_EPS = {"mlagents.stats_writer": {"old": "my_plugin:old_writers"}}

#: (Python version, the source tree's egg-info entry points, expected DOC102 severities,
#: text expected in the finding)
DUPLICATE_CASES = [
    pytest.param((3, 11, 7), PLUGIN_EPS, [], "", id="editable-egg-info-3.11-is-harmless"),
    pytest.param((3, 10, 13), PLUGIN_EPS, [], "", id="editable-egg-info-3.10-is-harmless"),
    pytest.param((3, 9, 18), PLUGIN_EPS, ["error"], "registers 2 times", id="loaded-twice-3.9"),
    pytest.param((3, 11, 7), OTHER_EPS, ["warning"], "never loaded", id="hidden-copy-differs-3.11"),
]


@pytest.mark.parametrize(("version", "egg_eps", "severities", "text"), DUPLICATE_CASES)
def test_duplicate_install(
    fake_env: FakeEnv,
    version: tuple[int, int, int],
    egg_eps: dict[str, dict[str, str]],
    severities: list[str],
    text: str,
) -> None:
    """DOC102 reports a second copy (a setuptools src/*.egg-info) only when the host cares."""
    host(fake_env)
    tree = source_tree(fake_env, {"setup.py": "from setuptools import setup\nsetup()\n"})
    fake_env.extra_path.append(tree)
    fake_env.dist("my-plugin", "0.1.0", PLUGIN_EPS)
    fake_env.dist("my_plugin", "0.0.9", egg_eps, where=tree, suffix=".egg-info")
    findings = doctor(interpreter=fake_env.interpreter(version), environ={"PATH": ""})
    duplicates = [f for f in findings if f.check_id == "DOC102"]
    assert [f.severity for f in duplicates] == severities
    assert all(text in f.message for f in duplicates)


def test_editable_egg_info_on_3_9_suggests_strict_mode(fake_env: FakeEnv) -> None:
    """On 3.9 the src/*.egg-info of an editable install loads twice; the fix is strict mode."""
    tree = source_tree(
        fake_env, {"pyproject.toml": PYPROJECT.format(lines='mine = "my_plugin:get_writers"')}
    )
    (tree / "src").mkdir()
    fake_env.extra_path.append(tree / "src")
    editable(fake_env, {}, PLUGIN_EPS)
    fake_env.dist("my_plugin", "0.1.0", PLUGIN_EPS, where=tree / "src", suffix=".egg-info")
    findings = doctor(interpreter=fake_env.interpreter((3, 9, 18)), environ={"PATH": ""})
    (duplicate,) = [f for f in findings if f.check_id == "DOC102"]
    assert duplicate.severity == "error"
    assert "editable_mode=strict" in duplicate.fix
    assert str(tree) in duplicate.fix


def test_same_name_in_differently_named_directories_loads_twice(fake_env: FakeEnv) -> None:
    """Two metadata directories with other names but one metadata Name both load on 3.11."""
    host(fake_env)
    first = fake_env.dist("my-plugin", "0.1.0", PLUGIN_EPS)
    first.rename(first.with_name("my_plugin_copy-0.1.0.dist-info"))
    fake_env.dist("my-plugin", "0.1.0", PLUGIN_EPS)
    findings = doctor(interpreter=fake_env.interpreter((3, 11, 7)), environ={"PATH": ""})
    assert [(f.check_id, f.severity) for f in findings if f.check_id == "DOC102"] == [
        ("DOC102", "error")
    ]


LEARN_CASES = [
    pytest.param("#!{other}\nimport sys\n", True, id="other-interpreter"),
    pytest.param("#!/bin/sh\n'''exec' \"{other}\" \"$0\" \"$@\"\n' '''\n", True, id="sh-exec-form"),
    pytest.param("#!{own}\nimport sys\n", False, id="this-interpreter"),
    pytest.param("no shebang at all\n", False, id="unreadable"),
]


@pytest.mark.parametrize(("text", "warns"), LEARN_CASES)
def test_learn_script_interpreter(
    fake_env: FakeEnv, tmp_path: Path, text: str, warns: bool
) -> None:
    """DOC103: the mlagents-learn on PATH runs an interpreter of another environment."""
    host(fake_env)
    # a plain shebang cannot hold a space; pip's /bin/sh form exists for such paths
    other = (
        tmp_path / ("other env" if text.startswith("#!/bin/sh") else "other-env") / "bin" / "python"
    )
    script(fake_env, text.format(other=other, own=sys.executable))
    environ = {"PATH": str(fake_env.bin)}
    found = [
        f
        for f in doctor(interpreter=fake_env.interpreter(), environ=environ)
        if f.check_id == "DOC103"
    ]
    assert len(found) == int(warns)
    if warns:
        assert str(other) in found[0].message


def test_findings_come_most_severe_first(fake_env: FakeEnv) -> None:
    """Errors are listed before warnings, warnings before notes."""
    fake_env.dist("acme-scaffold", "2.0", top_level=["scaffold"])
    fake_env.dist("typo", "0.1", {"mlagents.statswriter": {"x": "m:f"}})
    findings = doctor(interpreter=fake_env.interpreter(), environ={"PATH": ""})
    assert [f.check_id for f in findings] == ["DOC108", "DOC107", "DOC105"]


RECORD_ROWS = [
    pytest.param("reference_core.py,,", id="module"),
    pytest.param("\"reference_core/{% if a in ['x', 'y'] %}m.py{% endif %}\",,", id="csv-quoted"),
]


@pytest.mark.parametrize("row", RECORD_ROWS)
def test_record_reveals_top_level_modules(fake_env: FakeEnv, row: str) -> None:
    """Without top_level.txt, DOC107 reads the module names from RECORD (a CSV file)."""
    host(fake_env)
    meta = fake_env.dist("flat-tools", "1.0")
    (meta / "RECORD").write_text(f"{row}\nflat_tools-1.0.dist-info/METADATA,,\n")
    ids = [f.check_id for f in doctor(interpreter=fake_env.interpreter(), environ={"PATH": ""})]
    assert ids == ["DOC107"]


def test_every_check_is_catalogued_with_a_valid_severity() -> None:
    """The catalogue has ten checks and findings refuse unknown IDs or severities."""
    assert sorted(DOCTOR_CHECKS) == [f"DOC1{n:02d}" for n in range(1, 11)]
    with pytest.raises(ValueError, match="unknown doctor check"):
        DoctorFinding("DOC999", "error", "m", "f")
    with pytest.raises(ValueError, match="unknown severity"):
        DoctorFinding("DOC101", "fatal", "m", "f")


def test_trainer_override_is_doc110(fake_env: FakeEnv) -> None:
    """A trainer plugin that registers `ppo` is DOC110; the host's own default is not."""
    host(fake_env)
    fake_env.module(
        "mine",
        "class P:\n    @staticmethod\n    def get_trainer_name():\n        return 'ppo'\n"
        "def reg():\n    return {'ppo': P}, {'ppo': P}\n",
    )
    fake_env.dist("my-ppo", "1.0", {"mlagents.trainer_type": {"mine": "mine:reg"}})
    found = [
        f for f in doctor(interpreter=fake_env.interpreter(), environ={}) if f.check_id == "DOC110"
    ]
    assert [f.subject for f in found] == ["my-ppo"]
    assert "'ppo'" in found[0].message
