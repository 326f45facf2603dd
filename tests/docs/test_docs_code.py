"""Every Python block in docs/ passes the lint and format gates of a generated project.

Readers paste the docs' code into projects made by ``mlplugin new``, whose CI runs
``ruff check`` and ``ruff format --check`` with the project's own ruff configuration.
So every fenced ``python`` block of every page under ``docs/`` is extracted, written into
a freshly generated project (``mlplugin new my-writer``) and run through those two gates,
and compiled with warnings as errors (an invalid escape is an error on 3.12+).

A block is checked as a file of its own unless the line right before its fence is an
HTML comment (invisible on the site) saying otherwise:

``<!-- docs-code: not pasted: REASON -->``
    The block is not meant to be pasted -- a broken "before" state, upstream's own code,
    a signature quoted for reference. The reason is required.
``<!-- docs-code: context PATH -->``
    The block is pasted into the generated project's file ``PATH`` (for example
    ``src/my_writer/writer.py``): the names that file defines or imports at the top level
    count as defined. An indented block (a method) is checked as a method of that file,
    with the line length reduced by its indentation.
``<!-- docs-code: defined NAME, NAME -->``
    These names come from where the block is pasted (the text says where); may follow a
    ``context`` part after a semicolon.

Undefined names are errors otherwise, which is how a snippet that uses ``Dict`` without
importing it, or a helper the generated code no longer has, is caught.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import NamedTuple

import pytest

from scaffold import generate, make_spec

DOCS = Path(__file__).resolve().parents[2] / "docs"

_FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w-]*)")
_MARKER = re.compile(r"^\s*<!--\s*docs-code:\s*(?P<body>.+?)\s*-->\s*$")


class Block(NamedTuple):
    """One fenced Python block and what its marker says about it."""

    page: str
    line: int
    code: str
    not_pasted: str | None
    context: str | None
    defined: tuple[str, ...]


def _parse_marker(body: str) -> tuple[str | None, str | None, tuple[str, ...]]:
    if body.startswith("not pasted:"):
        return body.split(":", 1)[1].strip(), None, ()
    context, defined = None, ()
    for part in (p.strip() for p in body.split(";")):
        if part.startswith("context "):
            context = part.split(None, 1)[1]
        elif part.startswith("defined "):
            defined = tuple(n.strip() for n in part.split(None, 1)[1].split(","))
        else:
            raise ValueError(f"unknown docs-code marker part {part!r}")
    return None, context, defined


def extract_blocks(page: Path) -> list[Block]:
    """The ``python`` blocks of a Markdown page, dedented to their fence's indentation."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks, index = [], 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith("```"):
            end += 1
        if fence["lang"] in {"python", "py"}:
            marker = _MARKER.match(lines[index - 1]) if index else None
            parsed = _parse_marker(marker["body"]) if marker else (None, None, ())
            width = len(fence["indent"])
            code = "\n".join(line[width:] for line in lines[index + 1 : end]) + "\n"
            name = str(page.relative_to(DOCS))
            blocks.append(Block(name, index + 1, code, *parsed))
        index = end + 1
    return blocks


BLOCKS = [
    pytest.param(block, id=f"{block.page}:{block.line}")
    for page in sorted(DOCS.rglob("*.md"))
    for block in extract_blocks(page)
]
PASTED = [p for p in BLOCKS if p.values[0].not_pasted is None]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project as ``mlplugin new my-writer`` makes it: the gates' configuration."""
    return generate(make_spec("my-writer"), tmp_path_factory.mktemp("docs-code")).path


def _top_level_names(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names += [(a.asname or a.name).split(".")[0] for a in node.names]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def _ruff(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_blocks_were_found() -> None:
    """The extraction finds the tutorial's blocks, so the gate test cannot pass vacuously."""
    assert len(PASTED) >= 15
    assert any(p.values[0].page == "tutorial.md" for p in PASTED)


@pytest.mark.parametrize("block", [p for p in BLOCKS if p.values[0].not_pasted is not None])
def test_blocks_not_meant_to_be_pasted_say_why(block: Block) -> None:
    """A ``not pasted`` marker carries a reason of a few words at least."""
    assert block.not_pasted is not None and len(block.not_pasted.split()) >= 3


@pytest.mark.parametrize("block", PASTED)
def test_block_passes_the_generated_projects_gates(project: Path, block: Block) -> None:
    """ruff check and ruff format --check (the project's config) pass; the block compiles."""
    indent = len(block.code) - len(block.code.lstrip(" "))
    code = textwrap.dedent(block.code)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(code, f"{block.page}:{block.line}", "exec")
    names = list(block.defined)
    if block.context:
        context = project / block.context
        assert context.is_file(), f"{block.context} is not a file of a generated project"
        names += _top_level_names(context)
    target = project / "docs_blocks" / f"block_{block.page.replace('/', '_')[:-3]}_{block.line}.py"
    target.parent.mkdir(exist_ok=True)
    target.write_text(code, encoding="utf-8")
    overrides = ["--config", f"builtins = {names!r}"]
    if indent:
        overrides += ["--config", f"line-length = {100 - indent}"]
    checked = _ruff(project, "check", *overrides, str(target))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = _ruff(project, "format", "--check", "--diff", *overrides, str(target))
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
