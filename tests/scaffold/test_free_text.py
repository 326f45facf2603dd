"""Free text in, the same text back out of every generated file, or a clear refusal first.

Property-based (hypothesis, the ``fast`` profile here and ``thorough`` in the integration
env). The oracle is a round trip: each answer is read back out of the generated files with
the parser of that file type (``ast``, ``tomllib``/``tomlkit``, PyYAML, ``configparser``,
a CommonMark reader) and must equal what was typed.

The Markdown rule: the description is a paragraph of its own that renders as exactly the
typed text: Markdown punctuation (``\\ ` * _ [ ] < > & ~ | $ !`` anywhere; ``# + - = >`` and
``1.``/``1)`` at the start) is backslash-escaped, invisible characters become numeric
character references, and nothing else changes.
"""

from __future__ import annotations

import ast
import configparser
import sys
import warnings
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from freetext import (
    NASTY,
    any_answer,
    expected_back,
    free_text,
    parse_every_config,
    read_back,
    representable,
)
from hypothesis import given
from hypothesis import strategies as st

from reference_core._toml import load_toml
from scaffold import InvalidOption, make_spec
from scaffold._render import render_template
from scaffold._templates import template_dir


def _filters() -> dict[str, Callable[[object], str]]:
    """The template's filters, loaded as the renderer loads them."""
    import importlib.util

    path = template_dir() / "local_extensions.py"
    spec = importlib.util.spec_from_file_location("_test_local_extensions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.FILTERS)


FILTERS = _filters()


def _compile_strictly(source: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(source, "<generated>", "exec")
    return ast.parse(source)


def _python_literal(text: str) -> Any:
    literal = FILTERS["py_string"](text)
    assert literal.isascii()
    tree = _compile_strictly(f"X = {literal}\n")
    return ast.literal_eval(tree.body[0].value)  # type: ignore[attr-defined]


def _python_docstring(text: str) -> Any:
    body = FILTERS["py_docstring"](text)
    assert body.isascii()
    return ast.get_docstring(_compile_strictly(f'"""{body}"""\n'), clean=False)


def _toml(text: str) -> Any:
    return load_toml_text(f"key = {FILTERS['toml_string'](text)}\n")["key"]


def load_toml_text(text: str) -> Any:
    """Parse TOML text with the standard library or tomlkit (before 3.11)."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib.loads(text)
    import tomlkit

    return tomlkit.parse(text).unwrap()


def _yaml(text: str) -> Any:
    return yaml.safe_load(f"key: {FILTERS['yaml_string'](text)}\n")["key"]


def _ini(text: str) -> Any:
    parser = configparser.ConfigParser()
    parser.read_string(f"[metadata]\nkey = {FILTERS['ini_value'](text)}\n")
    return parser["metadata"]["key"]


def _markdown(text: str) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(f"# title\n\n{FILTERS['markdown_text'](text)}\n")
    assert [t.type for t in tokens[3:]] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[4].children or []
    assert {c.type for c in children} <= {"text"}
    return "".join(c.content for c in children)


#: (reader, which texts the format can hold)
def _no_surrogates(text: str) -> bool:
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


ROUND_TRIPS = [
    pytest.param(_python_literal, lambda _t: True, id="python-literal"),
    # Python 3.13 cleans docstrings at compile time through UTF-8, so a docstring cannot
    # hold a lone surrogate there (make_spec refuses them before any file is written)
    pytest.param(_python_docstring, _no_surrogates, id="python-docstring"),
    pytest.param(_toml, _no_surrogates, id="toml"),
    pytest.param(_yaml, _no_surrogates, id="yaml"),
    pytest.param(_ini, lambda t: t == t.strip() and t.isprintable(), id="ini"),
    pytest.param(_markdown, lambda t: bool(t) and representable(f"x{t}x"), id="markdown"),
]


@pytest.mark.parametrize(("read", "can_hold"), ROUND_TRIPS)
@given(text=free_text)
def test_filter_round_trip(
    read: Callable[[str], Any], can_hold: Callable[[str], bool], text: str
) -> None:
    """Each filter's output reads back as the input, or the filter refuses the text."""
    if can_hold(text):
        assert read(text) == text
    else:
        with pytest.raises(ValueError):  # noqa: PT011 - the filters' one documented error
            read(text)


@pytest.mark.parametrize(("read", "can_hold"), ROUND_TRIPS)
@pytest.mark.parametrize("text", [pytest.param(t, id=repr(t)) for t in NASTY])
def test_filter_round_trip_on_known_troublemakers(
    read: Callable[[str], Any], can_hold: Callable[[str], bool], text: str
) -> None:
    """Every piece that ever broke a generated file round-trips (or is refused) alone."""
    wrapped = f"a{text}b"
    if can_hold(wrapped):
        assert read(wrapped) == wrapped
    else:
        with pytest.raises(ValueError):  # noqa: PT011 - the filters' one documented error
            read(wrapped)


MARKDOWN_SOURCE = [
    pytest.param("plain words, commas.", "plain words, commas.", id="verbatim"),
    pytest.param("a *b* c", "a \\*b\\* c", id="emphasis-escaped"),
    pytest.param("# not a heading", "\\# not a heading", id="heading-at-start"),
    pytest.param("C# and F#", "C# and F#", id="hash-inside-verbatim"),
    pytest.param("1. first", "1\\. first", id="ordered-list-at-start"),
    pytest.param("ML-Agents 2.0", "ML-Agents 2.0", id="dash-and-dot-inside-verbatim"),
    pytest.param("x\u202ey", "x&#x202E;y", id="bidi-override-as-reference"),
    pytest.param("café \U0001f916", "café \U0001f916", id="unicode-verbatim"),
]


PYTHON_SOURCE = [
    pytest.param("py_string", 'say "hi"', "'say \"hi\"'", id="literal-quote-as-ruff-keeps-it"),
    pytest.param("py_string", "it's", '"it\'s"', id="literal-double-by-default"),
    pytest.param("py_string", "O\u2019Brien", '"O\\u2019Brien"', id="literal-ascii-escape"),
    pytest.param("py_docstring", 'say "hi"', 'say \\"hi\\x22', id="docstring-closing-quote"),
    pytest.param("py_docstring", "back\\", "back\\\\", id="docstring-backslash"),
]


@pytest.mark.parametrize(("name", "text", "source"), PYTHON_SOURCE)
def test_python_source_rule(name: str, text: str, source: str) -> None:
    """Python text is ASCII, quoted the way ruff format keeps it, never ending in a raw quote."""
    assert FILTERS[name](text) == source


@pytest.mark.parametrize(("text", "source"), MARKDOWN_SOURCE)
def test_markdown_rule(text: str, source: str) -> None:
    """Markdown text stays verbatim except for escaped metacharacters and invisible characters."""
    assert FILTERS["markdown_text"](text) == source


@given(
    description=any_answer,
    author=any_answer,
    email=st.emails(),
    packaging=st.sampled_from(["pyproject", "setup-py"]),
)
def test_answers_round_trip_through_every_generated_file(
    tmp_path_factory: pytest.TempPathFactory,
    description: str,
    author: str,
    email: str,
    packaging: str,
) -> None:
    """make_spec refuses exactly the unrepresentable text; everything else reads back equal."""
    answers = {"description": description, "author": author, "email": email}
    if not (representable(description) and representable(author)):
        with pytest.raises(InvalidOption):
            make_spec("my-writer", packaging=packaging, **answers)
        return
    spec = make_spec("my-writer", packaging=packaging, **answers)
    project = render_template(template_dir(), spec.context(), tmp_path_factory.mktemp("p"))
    found = read_back(project, packaging, "my_writer")
    license_text = found.pop("license author")
    assert found == expected_back(description, author, email, packaging)
    copyright_line = next(s for s in license_text.split("\n") if s.startswith("Copyright"))
    assert copyright_line.endswith(" " + author)
    for source in project.rglob("*.py"):
        _compile_strictly(source.read_text("utf-8"))
    parse_every_config(project)


REFUSED = [
    pytest.param({"description": "two\nlines"}, "control characters", id="newline"),
    pytest.param({"description": "tab\there"}, "control characters", id="tab"),
    pytest.param({"author": "nel\x85"}, "control characters", id="next-line"),
    pytest.param({"author": "lone \ud800"}, "lone surrogates", id="surrogate"),
    pytest.param({"description": " padded"}, "whitespace", id="leading-space"),
    pytest.param({"description": ""}, "empty", id="empty"),
    pytest.param({"description": "x\ufffe"}, "noncharacters", id="nonchar"),
    pytest.param({"email": "not an email"}, "not an e-mail address", id="email-words"),
    pytest.param({"email": "a b@example.org"}, "not a valid address", id="email-space"),
    pytest.param({"email": "ada@localhost"}, "not an e-mail address", id="email-no-tld"),
    pytest.param({"copyright_year": "20x6"}, "four-digit year", id="year"),
]


@pytest.mark.parametrize(("answers", "message"), REFUSED)
def test_unrepresentable_answers_are_refused(answers: dict[str, Any], message: str) -> None:
    """Text no file (or the build backend) can hold is refused with a reason."""
    with pytest.raises(InvalidOption, match=message):
        make_spec("my-writer", **answers)


def test_every_problem_is_reported_at_once() -> None:
    """Problems in several answers come back in one error, one line each."""
    with pytest.raises(InvalidOption) as caught:
        make_spec("my-writer", description="a\nb", author=" x", email="nope")
    assert len(caught.value.problems) == 3


def test_answers_are_written_literally(tmp_path: Path) -> None:
    """Jinja syntax in an answer is text: {{ 7*7 }} stays {{ 7*7 }}, never 49."""
    spec = make_spec("my-writer", description="{{ 7*7 }} {% if x %}", author="{{ author }}")
    project = render_template(template_dir(), spec.context(), tmp_path)
    recorded = load_toml(project / "pyproject.toml")["tool"]["mlplugin"]
    assert (recorded["description"], recorded["author"]) == ("{{ 7*7 }} {% if x %}", "{{ author }}")
    assert "49" not in (project / "README.md").read_text("utf-8")


def test_plain_cookiecutter_renders_jinja_inside_answers(tmp_path: Path) -> None:
    """What the how-to warns about: plain cookiecutter turns {{ 7*7 }} in an answer into 49."""
    from cookiecutter.main import cookiecutter

    config = tmp_path / "config.yaml"
    config.write_text(f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'r'}\n")
    out = cookiecutter(
        str(template_dir()),
        no_input=True,
        output_dir=str(tmp_path / "out"),
        config_file=str(config),
        extra_context={"description": "{{ 7*7 }}"},
    )
    assert load_toml(Path(out) / "pyproject.toml")["project"]["description"] == "49"
