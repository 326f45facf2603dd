"""Which ML-Agents releases a plugin supports, from what verify observed."""

from __future__ import annotations

import pytest

from scaffold._verify._host_versions import assess, normalise_release, satisfies

SPECIFIERS = [
    pytest.param(">=3.9", (3, 9, 0), True, id="floor-met"),
    pytest.param(">=3.11", (3, 10, 12), False, id="floor-missed"),
    pytest.param(">=3.8,<3.11", (3, 10, 4), True, id="range"),
    pytest.param("==3.10.*", (3, 10, 7), True, id="wildcard"),
    pytest.param("!=3.10.*", (3, 10, 7), False, id="not-wildcard"),
    pytest.param("~=3.9", (3, 12, 0), True, id="compatible"),
    pytest.param("<=3.10.8", (3, 10, 9), False, id="patch-ceiling"),
    pytest.param("banana", (3, 10, 0), None, id="unreadable"),
]


@pytest.mark.parametrize(("spec", "python", "expected"), SPECIFIERS)
def test_requires_python_evaluation(spec: str, python: tuple[int, ...], expected: object) -> None:
    """The small specifier evaluator covers the operators requires-python uses."""
    assert satisfies(spec, python) is expected


def supported(**kwargs: object) -> list[str]:
    """The releases assess() calls supported."""
    return [s.release for s in assess(**kwargs) if s.supported]  # type: ignore[arg-type]


def test_plain_writer_supports_every_release() -> None:
    """A writer using only write_stats works on every release with a plugin system."""
    assert supported(requires_python=">=3.9", writers=[{"class": "W"}]) == [
        "0.24",
        "0.25",
        "0.26",
        "0.27",
        "0.28",
        "0.29",
        "0.30",
        "1.0",
        "1.1",
    ]


def test_on_add_stat_writer_needs_0_26() -> None:
    """0.24 and 0.25 never call on_add_stat."""
    result = supported(
        requires_python=None, writers=[{"class": "W", "overrides_on_add_stat": True}]
    )
    assert result[0] == "0.26"


def test_hidden_keys_needs_0_26() -> None:
    """TensorboardWriter(hidden_keys=...) does not exist before 0.26."""
    assert "0.25" not in supported(
        requires_python=None, writers=[{"class": "T", "hidden_keys": True}]
    )


def test_python_311_plugin_supports_no_release() -> None:
    """No mlagents release installs on Python 3.11+."""
    assert supported(requires_python=">=3.11", writers=[]) == []


@pytest.mark.parametrize(
    ("text", "key"),
    [("1.1.0", "1.1"), ("0.30", "0.30"), ("v0.24.1", "0.24"), ("0.23", None), ("2.0", None)],
)
def test_release_names_are_normalised(text: str, key: object) -> None:
    """Versions map to the table's release lines; unknown ones to None."""
    assert normalise_release(text) == key


TRAINER_GROUPS = [
    pytest.param(("mlagents.trainer_type",), "0.30", id="trainer-only-needs-0.30"),
    pytest.param(
        ("mlagents.stats_writer", "mlagents.trainer_type"), "0.24", id="both-kinds-half-work"
    ),
]


@pytest.mark.parametrize(("groups", "first"), TRAINER_GROUPS)
def test_trainer_group_needs_0_30(groups: tuple[str, ...], first: str) -> None:
    """Before 0.30 a trainer-only plugin does nothing; with writers it still half works."""
    assert supported(requires_python=None, writers=[], groups=groups)[0] == first
