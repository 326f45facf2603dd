"""The compiled template kept in the cache renders exactly what rendering from source does."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path
from typing import Any

import pytest
from freetext import answer_text
from hypothesis import given

from scaffold import make_spec
from scaffold._compiled import CompiledTemplate, compiled_for
from scaffold._render import render_template
from scaffold._templates import template_dir

#: (plugin name, kind, answers): both packaging styles, both templates, unusual text.
ANSWER_SETS = [
    pytest.param("my-writer", "stats-writer", {}, id="defaults"),
    pytest.param(
        "Csv.Stats_writer", "stats-writer", {"packaging": "setup-py"}, id="setup-py-dotted-name"
    ),
    pytest.param(
        "tb2",
        "stats-writer",
        {
            "license": "Apache-2.0",
            "python_versions": "3.12 3.9",
            "author": 'O\u2019Brien "{{ x }}" {% raw %}',
            "description": "Stats as *CSV* | $HOME %(x)s \\n \u202e é \U0001f916",
            "email": "o.brien+ml@example.co.uk",
            "copyright_year": "1999",
        },
        id="apache-odd-text",
    ),
    pytest.param(
        "bsd-writer",
        "stats-writer",
        {"license": "BSD-3-Clause", "packaging": "setup-py", "description": "'''\"\"\"'"},
        id="bsd-setup-py-quotes",
    ),
    pytest.param("my-trainer", "trainer", {}, id="trainer-defaults"),
    pytest.param("ppo-lite", "trainer", {"packaging": "setup-py"}, id="trainer-setup-py"),
]


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _three_ways(tmp_path: Path, name: str, kind: str, answers: dict[str, Any]) -> list[Any]:
    """Render from source, with an empty cache (compiling), and from the saved cache."""
    spec = make_spec(name, kind=kind, **answers)
    template, context = template_dir(kind), spec.context()
    source = render_template(template, context, tmp_path / "source")
    first = compiled_for(template)
    compiling = render_template(template, context, tmp_path / "compiling", compiled=first)
    first.save()
    second = compiled_for(template)
    cached = render_template(template, context, tmp_path / "cached", compiled=second)
    return [source, compiling, cached, first, second]


@pytest.mark.parametrize(("name", "kind", "answers"), ANSWER_SETS)
def test_cached_code_renders_byte_identical_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, kind: str, answers: dict[str, Any]
) -> None:
    """Source, freshly compiled and cached code give the same files, bytes and modes."""
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    source, compiling, cached, first, second = _three_ways(tmp_path, name, kind, answers)
    assert first.added > 0  # an empty cache: everything was compiled
    assert second.added == 0 and second.used <= set(second)  # everything came from the cache
    assert _tree(source) == _tree(compiling) == _tree(cached)


@given(description=answer_text, author=answer_text)
def test_cached_code_renders_any_answer_as_source_does(description: str, author: str) -> None:
    """For any acceptable free text, the cached code renders what from_string does."""
    spec = make_spec("fuzz-writer", description=description, author=author)
    template, context = template_dir(), spec.context()
    codes = CompiledTemplate(None, {})
    with pytest.MonkeyPatch.context() as patch:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            patch.setenv("MLPLUGIN_CACHE_DIR", tmp)
            source = render_template(template, context, Path(tmp) / "a")
            render_template(template, context, Path(tmp) / "b", compiled=codes)
            cached = render_template(template, context, Path(tmp) / "c", compiled=codes)
            assert _tree(source) == _tree(cached)


def _copy_template(tmp_path: Path) -> Path:
    copy = tmp_path / "template" / "stats-writer"
    shutil.copytree(template_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


#: (what changes, how) -> the cache file must be another one
KEY_CHANGES = [
    pytest.param(
        lambda t: (t / "local_extensions.py").write_text(
            (t / "local_extensions.py").read_text() + "\n# changed\n"
        ),
        id="extension-module",
    ),
    pytest.param(
        lambda t: (t / "cookiecutter.json").write_text(
            (t / "cookiecutter.json").read_text().replace('"_copy', '"_x": 1, "_copy')
        ),
        id="cookiecutter-json",
    ),
]


@pytest.mark.parametrize("change", KEY_CHANGES)
def test_cache_file_changes_with_what_decides_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Any
) -> None:
    """A change to the extensions or cookiecutter.json reads another cache file."""
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    template = _copy_template(tmp_path)
    before = compiled_for(template).path
    change(template)
    assert compiled_for(template).path != before


def test_cache_file_changes_with_the_jinja2_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code compiled by another jinja2 is never read."""
    import jinja2

    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    before = compiled_for(template_dir()).path
    monkeypatch.setattr(jinja2, "__version__", jinja2.__version__ + ".post1")
    assert compiled_for(template_dir()).path != before


#: What a damaged cache file may hold; each is read as an empty cache.
DAMAGED = [
    pytest.param(b"", id="empty"),
    pytest.param(b"\x00\x01garbage", id="garbage"),
    pytest.param(marshal.dumps(["not", "a", "dict"]), id="not-a-dict"),
    pytest.param(marshal.dumps({"text": "not code"}), id="not-code"),
]


@pytest.mark.parametrize("data", DAMAGED)
def test_damaged_cache_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    """A damaged cache file renders from source and is replaced by a good one."""
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    path = compiled_for(template_dir()).path
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    codes = compiled_for(template_dir())
    assert dict(codes) == {}
    context = make_spec("my-writer").context()
    out = render_template(template_dir(), context, tmp_path / "out", compiled=codes)
    codes.save()
    assert _tree(out) == _tree(render_template(template_dir(), context, tmp_path / "src"))
    assert len(compiled_for(template_dir())) == codes.added


def test_no_cache_setting_reads_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With MLPLUGIN_NO_CACHE set, nothing is read from or written to the cache."""
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MLPLUGIN_NO_CACHE", "1")
    codes = compiled_for(template_dir())
    render_template(template_dir(), make_spec("w").context(), tmp_path / "out", compiled=codes)
    codes.save()
    assert codes.path is None and not (tmp_path / "cache").exists()


def test_unwritable_cache_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache directory that cannot be made (a file in the way) costs time, not the project."""
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a directory")
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(blocker))
    codes = compiled_for(template_dir())
    out = render_template(template_dir(), make_spec("w").context(), tmp_path / "o", compiled=codes)
    codes.save()
    assert (out / "pyproject.toml").is_file() and blocker.is_file()


def test_unreadable_renderer_renders_without_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the key cannot be made (a renderer not on disk), rendering goes on uncached."""
    from scaffold import _render

    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_render, "__file__", str(tmp_path / "missing" / "_render.py"))
    codes = compiled_for(template_dir())
    out = render_template(template_dir(), make_spec("w").context(), tmp_path / "o", compiled=codes)
    codes.save()
    assert codes.path is None and (out / "pyproject.toml").is_file()
    assert not (tmp_path / "cache").exists()
