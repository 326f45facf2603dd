"""mlplugin new as a library: exact file sets, key contents, atomic writes."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from reference_core._toml import load_toml
from scaffold import (
    LICENSES,
    InvalidOption,
    InvalidPluginName,
    TargetExists,
    TemplateError,
    WriteFailed,
    generate,
    make_spec,
    plan,
    read_answers,
)
from scaffold._answers import license_problems

COMMON = {
    ".github/dependabot.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    ".github/zizmor.yml",
    ".gitignore",
    ".python-version",
    ".pre-commit-config.yaml",
    "CHANGELOG.md",
    "LICENSE",
    "README.md",
    "docs/usage.md",
    "pyproject.toml",
    "src/{module}/__init__.py",
    "src/{module}/py.typed",
    "src/{module}/writer.py",
    "tests/conftest.py",
    "tests/test_contract.py",
    "tests/test_discovery.py",
    "tests/test_writer.py",
    "tox.ini",
    "wheelhouse/README.md",
    "wheelhouse/{wheel}",
}
FILE_SETS = [
    pytest.param("pyproject", "MIT", COMMON, id="pyproject-mit"),
    pytest.param("pyproject", "Apache-2.0", COMMON, id="pyproject-apache"),
    pytest.param("pyproject", "BSD-3-Clause", COMMON, id="pyproject-bsd"),
    pytest.param("setup-py", "MIT", COMMON | {"setup.py"}, id="setup-py-mit"),
    pytest.param("setup-py", "Apache-2.0", COMMON | {"setup.py"}, id="setup-py-apache"),
    pytest.param("setup-py", "BSD-3-Clause", COMMON | {"setup.py"}, id="setup-py-bsd"),
]


def _entry_points(project: Path, packaging: str) -> dict[str, str]:
    if packaging == "pyproject":
        return load_toml(project / "pyproject.toml")["project"]["entry-points"][
            "mlagents.stats_writer"
        ]
    tree = ast.parse((project / "setup.py").read_text())
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setup"
    )
    entry_points = next(k.value for k in call.keywords if k.arg == "entry_points")
    (values,) = entry_points.values  # type: ignore[attr-defined]
    name, value = (s.strip() for s in values.elts[0].value.split("="))
    return {name: value}


@pytest.mark.parametrize(("packaging", "license_", "expected"), FILE_SETS)
def test_exact_file_set(tmp_path: Path, packaging: str, license_: str, expected: set[str]) -> None:
    """Each option combination generates exactly its documented files."""
    spec = make_spec("my-writer", packaging=packaging, license=license_)
    result = generate(spec, tmp_path)
    assert result.path == tmp_path / "my-writer"
    from scaffold import __version__

    wheel = f"mlplugin-{__version__}-py3-none-any.whl"
    want = {f.format(module="my_writer", wheel=wheel) for f in expected}
    assert set(result.files) == want
    on_disk = {p.relative_to(result.path).as_posix() for p in result.path.rglob("*") if p.is_file()}
    assert on_disk == want
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-writer"]


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_entry_point_and_answers(tmp_path: Path, packaging: str) -> None:
    """The entry point is a literal group string and the answers land in [tool.mlplugin]."""
    spec = make_spec("Csv.Stats_writer", packaging=packaging, author='Ada "Quote" L\\ovelace')
    project = generate(spec, tmp_path).path
    assert _entry_points(project, packaging) == {
        "csv_stats_writer": "csv_stats_writer:get_stats_writers"
    }
    pyproject = load_toml(project / "pyproject.toml")
    assert pyproject["tool"]["mlplugin"]["plugin_name"] == "Csv.Stats_writer"
    assert pyproject["tool"]["mlplugin"]["author"] == 'Ada "Quote" L\\ovelace'
    assert pyproject["tool"]["mlplugin"]["packaging"] == packaging
    assert ("project" in pyproject) == (packaging == "pyproject")
    for source in project.rglob("*.py"):
        text = source.read_text()
        ast.parse(text)
        assert "from mlagents.plugins import" not in text


def test_mlagents_is_not_a_dependency(tmp_path: Path) -> None:
    """The host provides mlagents; the plugin must not drag torch in."""
    project = generate(make_spec("my-writer"), tmp_path).path
    meta = load_toml(project / "pyproject.toml")["project"]
    assert meta["dependencies"] == []
    assert not any("mlagents" in r or "torch" in r for r in meta["optional-dependencies"]["test"])


def test_writer_imports_the_host_by_its_real_names(tmp_path: Path) -> None:
    """Plugin code imports mlagents.trainers.stats so the same code runs in mlagents-learn."""
    project = generate(make_spec("my-writer"), tmp_path).path
    writer = (project / "src/my_writer/writer.py").read_text()
    assert "from mlagents.trainers.stats import" in writer
    assert "from mlagents.trainers.settings import RunOptions" in writer
    assert "reference_core" not in writer


def test_tox_matrix_follows_the_python_versions(tmp_path: Path) -> None:
    """tox.ini has one env per requested Python plus lint; CI tests the same versions."""
    spec = make_spec("my-writer", python_versions=("3.10", "3.12"))
    project = generate(spec, tmp_path).path
    tox = (project / "tox.ini").read_text()
    assert "env_list = py310, py312, lint" in tox
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load((project / ".github/workflows/ci.yml").read_text())
    assert workflow["jobs"]["test"]["strategy"]["matrix"]["python-version"] == ["3.10", "3.12"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('with "quotes" and \\backslash', id="quotes"),
        pytest.param("emoji \U0001f916 and accents é", id="unicode"),
        pytest.param("''' triple", id="triple-quotes"),
        pytest.param("[tool.fake]\nkey", id="newline"),
    ],
)
def test_no_answer_makes_invalid_toml_or_python(tmp_path: Path, text: str) -> None:
    """Free-text answers are quoted for TOML and Python, or refused if multi-line."""
    if "\n" in text:
        with pytest.raises(InvalidOption, match="one line"):
            make_spec("my-writer", description=text)
        return
    for packaging in ("pyproject", "setup-py"):
        project = generate(
            make_spec("my-writer", description=text, packaging=packaging), tmp_path / packaging
        ).path
        assert load_toml(project / "pyproject.toml")["tool"]["mlplugin"]["description"] == text
        if packaging == "setup-py":
            ast.parse((project / "setup.py").read_text())


def test_existing_directory_is_kept_without_force(tmp_path: Path) -> None:
    """An existing target raises TargetExists and is left byte-for-byte alone."""
    target = tmp_path / "my-writer"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(TargetExists) as caught:
        generate(make_spec("my-writer"), tmp_path)
    assert caught.value.path == target
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-writer"]


def test_force_writes_into_the_directory_and_deletes_nothing(tmp_path: Path) -> None:
    """With force the template's files are added and a file mlplugin did not write stays."""
    target = tmp_path / "my-writer"
    target.mkdir()
    (target / "mine.txt").write_text("old")
    result = generate(make_spec("my-writer"), tmp_path, force=True)
    assert result.existed
    assert (target / "mine.txt").read_text() == "old"
    assert (target / "pyproject.toml").is_file()
    assert result.added == result.files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-writer"]


def test_failure_mid_generation_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If rendering breaks half way, neither the project nor scratch files remain."""
    import shutil

    import scaffold._render as render

    real = shutil.copymode

    def explode(source: Path, target: Path) -> None:
        if Path(target).name == "tox.ini":
            raise OSError("disk full")
        real(source, target)

    monkeypatch.setattr(render.shutil, "copymode", explode)
    out = tmp_path / "new" / "nested"
    with pytest.raises(WriteFailed, match="disk full"):
        generate(make_spec("my-writer"), out)
    assert list(tmp_path.iterdir()) == []


def test_failure_with_force_restores_the_old_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed --force run keeps the previous project intact."""
    target = tmp_path / "my-writer"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    import scaffold._generate as g

    def broken(*args: object, **kwargs: object) -> None:
        raise TemplateError(template="stats-writer", detail="boom")

    monkeypatch.setattr(g, "_render", broken)
    with pytest.raises(TemplateError):
        generate(make_spec("my-writer"), tmp_path, force=True)
    assert (target / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-writer"]


def test_plan_writes_nothing(tmp_path: Path) -> None:
    """plan() reports exactly the files generate() writes, and writes none."""
    spec = make_spec("my-writer", packaging="setup-py")
    planned = plan(spec, tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert planned.dry_run
    assert planned.files == generate(spec, tmp_path).files


def test_bad_name_alone_raises_invalid_plugin_name() -> None:
    """Only the name is wrong: InvalidPluginName with its problems."""
    with pytest.raises(InvalidPluginName):
        make_spec("class")


def test_name_and_option_problems_are_reported_together() -> None:
    """A bad name and bad options come back in one InvalidOption listing all of them."""
    with pytest.raises(InvalidOption) as caught:
        make_spec("123", packaging="poetry", license="GPL", python_versions="2.7")
    problems = caught.value.problems
    assert len(problems) == 4
    assert caught.value.suggestion is not None


def test_answers_file_round_trip(tmp_path: Path) -> None:
    """A generated pyproject.toml works as the answers file for the next generation."""
    first = generate(
        make_spec("my-writer", packaging="setup-py", author="Ada"), tmp_path / "a"
    ).path
    answers = read_answers(first / "pyproject.toml")
    assert answers["packaging"] == "setup-py"
    again = generate(make_spec(answers.pop("plugin_name"), **answers), tmp_path / "b").path
    assert (again / "setup.py").read_text() == (first / "setup.py").read_text()


def test_answers_file_json(tmp_path: Path) -> None:
    """JSON answers files are read too."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"plugin_name": "w", "python_versions": ["3.11"]}))
    assert read_answers(path) == {"plugin_name": "w", "python_versions": ["3.11"]}


def _cookiecutter_config(tmp_path: Path) -> str:
    config = tmp_path / "config.yaml"
    config.write_text(f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'replay'}\n")
    return str(config)


@pytest.mark.parametrize("packaging", ["pyproject", "setup-py"])
def test_plain_cookiecutter_renders_the_same_project(tmp_path: Path, packaging: str) -> None:
    """The template is a plain cookiecutter template: cookiecutter's output equals ours."""
    from cookiecutter.main import cookiecutter

    from scaffold._templates import template_dir

    out = cookiecutter(
        str(template_dir()),
        no_input=True,
        output_dir=str(tmp_path / "out"),
        config_file=_cookiecutter_config(tmp_path),
        extra_context={"plugin_name": "Csv.Stats_writer", "packaging": packaging},
    )
    ours = generate(make_spec("Csv.Stats_writer", packaging=packaging), tmp_path / "ours")
    theirs = Path(out)
    assert theirs.name == ours.path.name
    files = {p.relative_to(theirs).as_posix() for p in theirs.rglob("*") if p.is_file()}
    # the mlplugin wheel is packed by mlplugin new, not rendered from the template
    assert files == {f for f in ours.files if not f.endswith(".whl")}
    for rel in sorted(files):
        assert (theirs / rel).read_bytes() == (ours.path / rel).read_bytes(), rel


def test_plain_cookiecutter_applies_the_name_rules(tmp_path: Path) -> None:
    """The template's pre-generation hook refuses what mlplugin refuses; nothing is written."""
    from cookiecutter.exceptions import FailedHookException
    from cookiecutter.main import cookiecutter

    from scaffold._templates import template_dir

    with pytest.raises(FailedHookException):
        cookiecutter(
            str(template_dir()),
            no_input=True,
            output_dir=str(tmp_path / "bad"),
            config_file=_cookiecutter_config(tmp_path),
            extra_context={"plugin_name": "class"},
        )
    assert not (tmp_path / "bad" / "class").exists()


def test_generation_does_not_touch_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No replay file or cookiecutter config lands in the user's home directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    modules = set(sys.modules)
    generate(make_spec("my-writer"), tmp_path / "out")
    assert list(home.iterdir()) == []
    assert not any("local_extensions" in name for name in set(sys.modules) - modules)


def test_broken_render_fails_the_load_check_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """new loads the rendered plugin through discovery first; a failure leaves nothing behind."""
    import scaffold._generate as g
    from scaffold import GeneratedProjectFailedChecks

    real_render = g._render

    def render_with_a_bug(spec: g.PluginSpec, into: Path) -> Path:
        project = real_render(spec, into)
        writer = project / "src" / spec.names.module / "writer.py"
        writer.write_text(writer.read_text() + "\nraise RuntimeError('template bug')\n")
        return project

    monkeypatch.setattr(g, "_render", render_with_a_bug)
    with pytest.raises(GeneratedProjectFailedChecks) as caught:
        generate(make_spec("my-writer"), tmp_path)
    assert "template bug" in str(caught.value)
    assert "entry point 'my_writer'" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
    assert generate(make_spec("my-writer"), tmp_path / "unchecked", check=False).path.is_dir()


def test_generated_project_passes_static_and_load_checks(tmp_path: Path) -> None:
    """What new writes loads and registers through the host's discovery, with no finding."""
    from scaffold import verify

    for packaging in ("pyproject", "setup-py"):
        project = generate(make_spec("my-writer", packaging=packaging), tmp_path / packaging).path
        report = verify(project, steps=("static", "load", "register"))
        assert report.findings == ()
        assert [s.status for s in report.steps if s.name in ("load", "register")] == ["passed"] * 2
        assert not list(project.rglob("__pycache__"))


@pytest.mark.parametrize("license_", LICENSES)
def test_offered_licenses_are_canonical_spdx(license_: str) -> None:
    """Each licence new offers passes the build backend's SPDX check, so new need not run it."""
    assert license_problems(license_) == []


#: Licence texts packaging rejects or respells: what license_problems reports.
NOT_SPDX = [
    pytest.param("mit", "spelled 'MIT'", id="lower-case"),
    pytest.param("GPL-2", "not an SPDX expression", id="unknown-id"),
]


@pytest.mark.parametrize(("license_", "message"), NOT_SPDX)
def test_license_problems_names_the_spdx_spelling(license_: str, message: str) -> None:
    """A licence outside SPDX, or spelled otherwise, is one problem naming why."""
    (problem,) = license_problems(license_)
    assert message in problem
