"""``mlplugin new``'s check runs plugin code in-process and puts the interpreter back."""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

import pytest

import scaffold._generate as generate_module
from scaffold import GeneratedProjectFailedChecks, generate, make_spec

#: Code appended to the rendered writer module: what a careless plugin does at import.
MESSY_IMPORT = """
import logging, sys, warnings
warnings.simplefilter("ignore")
logging.getLogger().addHandler(logging.StreamHandler())
logging.getLogger("mlagents.trainers").addHandler(logging.NullHandler())
sys.path.append("/nowhere/the/plugin/added")
"""


def _render_with(monkeypatch: pytest.MonkeyPatch, extra: str) -> None:
    real_render = generate_module._render

    def render(spec: generate_module.PluginSpec, into: Path) -> Path:
        project = real_render(spec, into)
        writer = project / "src" / spec.names.module / "writer.py"
        writer.write_text(writer.read_text() + extra)
        return project

    monkeypatch.setattr(generate_module, "_render", render)


def test_check_restores_interpreter_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sys.path, modules, bytecode flag, warning filters and logging handlers come back."""
    _render_with(monkeypatch, MESSY_IMPORT)
    path, modules, filters = list(sys.path), set(sys.modules), list(warnings.filters)
    root_handlers = list(logging.getLogger().handlers)
    bytecode = sys.dont_write_bytecode
    generate(make_spec("my-writer"), tmp_path)
    assert sys.path == path
    assert warnings.filters == filters
    assert logging.getLogger().handlers == root_handlers
    assert logging.getLogger("mlagents.trainers").handlers == []
    assert sys.dont_write_bytecode == bytecode
    assert not {m for m in set(sys.modules) - modules if m.startswith("my_writer")}


#: (code appended to the writer module, text the failure must contain)
BROKEN = [
    pytest.param(
        "\nget_stats_writers = None\n", "NoneType, which cannot be called", id="not-callable"
    ),
    pytest.param(
        "\ndef get_stats_writers(run_options):\n    return None\n",
        "it returned a NoneType",
        id="returns-none",
    ),
    pytest.param(
        "\ndef get_stats_writers(run_options):\n    return []\n",
        "returned an empty list",
        id="empty-list",
    ),
]


@pytest.mark.parametrize(("extra", "text"), BROKEN)
def test_check_reports_the_loader_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, text: str
) -> None:
    """A registration the host would reject fails new's check with the loader's message."""
    _render_with(monkeypatch, extra)
    with pytest.raises(GeneratedProjectFailedChecks) as caught:
        generate(make_spec("my-writer"), tmp_path)
    assert text in str(caught.value)
    assert not (tmp_path / "my-writer").exists()


def test_a_real_ctrl_c_during_the_check_is_an_interruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGINT while the plugin imports ends new (exit 130), not as the plugin's failure."""
    _render_with(monkeypatch, "\nimport os, signal\nos.kill(os.getpid(), signal.SIGINT)\n")
    with pytest.raises(KeyboardInterrupt):
        generate(make_spec("my-writer"), tmp_path)
    assert not (tmp_path / "my-writer").exists()


def test_a_plugin_raising_keyboardinterrupt_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt the plugin raises itself is its failure, as in the host."""
    _render_with(monkeypatch, "\nraise KeyboardInterrupt\n")
    with pytest.raises(GeneratedProjectFailedChecks, match="raised KeyboardInterrupt"):
        generate(make_spec("my-writer"), tmp_path)
    assert not (tmp_path / "my-writer").exists()
