"""The documentation site is complete and its links hold, without building it.

The real build (`mkdocs build --strict`, tox env `docs`) needs the docs toolchain; these
checks need only the repository and catch what usually goes stale: pages missing from
the navigation, broken relative links and anchors, CLI commands, exit codes and check
IDs that the reference pages forgot.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml

from reference_core.testing import CHECKS
from scaffold.cli import EXIT_CODES, EXIT_TABLE, cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
#: Directories under docs/ that are not part of the site (see exclude_docs in mkdocs.yml).
EXCLUDED = ("dev", "_ext")

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_EXPLICIT_ID = re.compile(r"\{[^}]*#([\w.:-]+)[^}]*\}\s*$")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SNIPPET = re.compile(r"^\s*--8<--\s+\"([^\"]+)\"\s*$", re.MULTILINE)
_DIRECTIVE = re.compile(r"^:::\s+([\w.-]+)\s*$", re.MULTILINE)
_CHECK_ID = re.compile(r"MLP\d{3}")


def _mkdocs_config() -> dict:
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _flatten(nav: Iterable) -> Iterator[str]:
    for item in nav:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                if isinstance(value, str):
                    yield value
                else:
                    yield from _flatten(value)


NAV_PAGES = sorted(p for p in _flatten(_mkdocs_config()["nav"]) if "://" not in p)


def _site_pages(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if p.relative_to(docs).parts[0] not in EXCLUDED)


def _prose_lines(text: str) -> Iterator[str]:
    """The lines of a Markdown page outside fenced code blocks."""
    fence = None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if match:
            if fence is None:
                fence = match.group(1)
            elif match.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield line


def slugify(heading: str) -> str:
    """Python-Markdown's default ``toc`` slug of a heading's rendered text."""
    text = _INLINE_CODE.sub(lambda m: m.group(2), heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<[^>]+>|[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(page: Path) -> set[str]:
    """Every anchor a page will have: heading slugs (deduplicated like toc) and {#ids}."""
    found: set[str] = set()
    text = page.read_text(encoding="utf-8")
    for line in _prose_lines(text):
        heading = _HEADING.match(line)
        explicit = _EXPLICIT_ID.search(line)
        if explicit:
            found.add(explicit.group(1))
            if heading:
                continue
        if heading:
            slug = base = slugify(heading.group(2))
            n = 1
            while slug in found:
                slug = f"{base}_{n}"
                n += 1
            found.add(slug)
    if "::: mkdocs-click" in text:
        found.add("mlplugin")
        found.update(f"mlplugin-{name}" for name in cli.commands)
    return found


def _api_anchor_exists(page: Path, anchor: str) -> bool:
    """mkdocstrings anchors are dotted paths below a ``::: module`` directive."""
    roots = _DIRECTIVE.findall(page.read_text(encoding="utf-8"))
    for root in roots:
        if anchor != root and not anchor.startswith(root + "."):
            continue
        module = importlib.import_module(root)
        obj: object = module
        for part in anchor[len(root) :].strip(".").split(".") if anchor != root else ():
            if not hasattr(obj, part):
                return False
            obj = getattr(obj, part)
        return True
    return False


def link_problems(page: Path, docs: Path) -> list[str]:
    """Every relative link in ``page`` that does not resolve to a file or anchor."""
    problems = []
    text = "\n".join(_prose_lines(page.read_text(encoding="utf-8")))
    text = _INLINE_CODE.sub("", text)
    for target in _LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, ...
            continue
        path_part, _, anchor = target.partition("#")
        resolved = (page.parent / path_part).resolve() if path_part else page
        where = f"{page.relative_to(docs)}: link {target!r}"
        if docs.resolve() not in resolved.parents and resolved != docs.resolve():
            problems.append(f"{where} points outside docs/")
            continue
        if not resolved.is_file():
            problems.append(f"{where}: no such file")
            continue
        if (
            anchor
            and resolved.suffix == ".md"
            and anchor not in anchors(resolved)
            and not _api_anchor_exists(resolved, anchor)
        ):
            problems.append(f"{where}: no heading with anchor #{anchor}")
    return problems


@pytest.mark.parametrize("page", NAV_PAGES)
def test_every_nav_page_exists(page):
    """Each page named in mkdocs.yml's nav is a file under docs/."""
    assert (DOCS / page).is_file(), f"mkdocs.yml nav names {page}, which does not exist"


def test_every_page_is_in_the_nav():
    """No page is left out of the navigation (mkdocs --strict would warn)."""
    orphans = [
        str(p.relative_to(DOCS))
        for p in _site_pages(DOCS)
        if str(p.relative_to(DOCS)).replace("\\", "/") not in NAV_PAGES
    ]
    assert orphans == []


@pytest.mark.parametrize("page", [str(p.relative_to(DOCS)) for p in _site_pages(DOCS)])
def test_relative_links_resolve(page):
    """Every relative link and anchor on a page points at something that exists."""
    assert link_problems(DOCS / page, DOCS) == []


def test_the_link_checker_finds_broken_links_and_anchors(tmp_path):
    """A broken file link, a broken anchor and a link out of docs/ are all reported."""
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.md").write_text(
        "# Home\n\n## The `verify` step\n\n```bash\n# not a heading\n```\n", encoding="utf-8"
    )
    page = tmp_path / "guide" / "page.md"
    page.write_text(
        "# Page\n\n"
        "[ok](../index.md#the-verify-step) [ok too](#page) [web](https://example.com)\n"
        "[gone](missing.md) [bad anchor](../index.md#not-a-heading) [out](../../x.md)\n"
        "`[in code](nowhere.md)`\n",
        encoding="utf-8",
    )
    problems = link_problems(page, tmp_path)
    assert len(problems) == 3, problems
    assert "no such file" in problems[0]
    assert "#not-a-heading" in problems[1]
    assert "outside docs/" in problems[2]


#: Slugs as Python-Markdown 3.x's toc extension renders them (checked by hand against it).
SLUGS = [
    pytest.param(
        "7. Run it inside the real mlagents-learn",
        "7-run-it-inside-the-real-mlagents-learn",
        id="digits",
    ),
    pytest.param(
        "Isolated builds and importing mlagents in setup.py",
        "isolated-builds-and-importing-mlagents-in-setuppy",
        id="dot",
    ),
    pytest.param("`StatsWriter`", "statswriter", id="code"),
    pytest.param(
        "mlplugin's own differential suite", "mlplugins-own-differential-suite", id="apostrophe"
    ),
    pytest.param("What the trainer calls, and when", "what-the-trainer-calls-and-when", id="comma"),
]


@pytest.mark.parametrize(("heading", "slug"), SLUGS)
def test_slugs_match_python_markdown(heading, slug):
    """Anchors are computed the way the toc extension computes them."""
    assert slugify(heading) == slug


def test_every_cli_command_is_documented():
    """Each command of the click group is named in the CLI reference, which renders the group."""
    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    assert re.search(r"::: mkdocs-click\n(\s+:.*\n)*\s+:module: scaffold\.cli\n", text)
    assert re.search(r"\n\s+:command: cli\n", text)
    assert ":commands:" not in text, "the page must render every command, not a selection"
    missing = [name for name in cli.commands if f"mlplugin {name}" not in text]
    assert missing == []


def _exit_rows(text: str) -> dict[int, str]:
    rows = {}
    for line in text.splitlines():
        match = re.match(r"^\|\s*`(\d+)`\s*\|(.*)$", line)
        if match:
            rows[int(match.group(1))] = match.group(2)
    return rows


def test_the_exit_code_table_matches_the_cli():
    """Every exit code of `mlplugin --help`, and each exception mapped to it, is documented."""
    rows = _exit_rows((DOCS / "reference" / "cli.md").read_text(encoding="utf-8"))
    help_codes = {int(m) for m in re.findall(r"^\s+(\d+)\s+\S", EXIT_TABLE, re.MULTILINE)}
    assert set(rows) == help_codes
    for kind, code, _meaning in EXIT_CODES:
        assert kind.__name__ in rows[code], (
            f"{kind.__name__} (exit {code}) is not in the exit-code table"
        )


def _catalog_ids() -> list[str]:
    """Check IDs from verify's catalog, else from the developer notes' table."""
    for module in ("scaffold._verify", "scaffold._verify._catalog"):
        try:
            catalog = importlib.import_module(module).CHECK_CATALOG
        except (ImportError, AttributeError):
            continue
        return sorted(catalog)
    ids: set[str] = set()
    notes = (DOCS / "dev" / "interfaces.md").read_text(encoding="utf-8")
    for first, last in re.findall(
        r"^\| (MLP\d{3})(?:[\u2013-](MLP\d{3}))? \|", notes, re.MULTILINE
    ):
        end = int((last or first)[3:])
        ids.update(f"MLP{n}" for n in range(int(first[3:]), end + 1))
    return sorted(ids)


CATALOG_IDS = _catalog_ids()


def test_the_catalog_was_found():
    """The catalog source is not empty, so the next test cannot pass vacuously."""
    assert len(CATALOG_IDS) >= 40
    assert set(CHECKS) <= set(CATALOG_IDS)


@pytest.mark.parametrize("check_id", CATALOG_IDS)
def test_every_check_id_is_in_the_catalog_page(check_id):
    """docs/reference/checks.md documents every check ID verify can report."""
    page = DOCS / "reference" / "checks.md"
    assert page.is_file(), "docs/reference/checks.md is missing"
    assert check_id in set(_CHECK_ID.findall(page.read_text(encoding="utf-8")))


def test_the_contract_page_lists_every_contract_check():
    """docs/reference/contract.md has a row for every MLP6xx check of the suite."""
    text = (DOCS / "reference" / "contract.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(MLP6\d\d)` \|", text, re.MULTILINE))
    assert rows == set(CHECKS)


def test_check_ids_cited_in_the_docs_exist():
    """No page cites a check ID that the catalog does not have."""
    cited = {
        (str(page.relative_to(DOCS)), check_id)
        for page in _site_pages(DOCS)
        for check_id in _CHECK_ID.findall(page.read_text(encoding="utf-8"))
    }
    unknown = sorted((page, cid) for page, cid in cited if cid not in CATALOG_IDS)
    assert unknown == []


def test_snippet_includes_resolve():
    """Every `--8<--` include names a file at the repository root (the snippets base path)."""
    includes = [
        (page, name)
        for page in _site_pages(DOCS)
        for name in _SNIPPET.findall(page.read_text(encoding="utf-8"))
    ]
    assert ("changelog.md", "CHANGELOG.md") in [(p.name, n) for p, n in includes]
    assert [n for _, n in includes if not (ROOT / n).is_file()] == []


def test_the_docs_toolchain_is_pinned():
    """docs/requirements.txt pins every package, so a new release cannot break --strict."""
    lines = [
        line.split("#")[0].strip()
        for line in (DOCS / "requirements.txt").read_text(encoding="utf-8").splitlines()
    ]
    requirements = [line for line in lines if line]
    assert requirements
    assert [r for r in requirements if not re.match(r"^[\w.\[\]-]+==[\w.]+$", r)] == []
    names = {re.split(r"[\[=]", r)[0].lower() for r in requirements}
    assert {"mkdocs", "mkdocs-material", "mkdocstrings", "mkdocs-click"} <= names


def test_the_check_summary_is_generated_from_the_catalog() -> None:
    """checks.md carries the marker, and the site hook turns it into one row per check ID."""
    import importlib.util

    from scaffold import CHECK_CATALOG

    hook_path = Path(__file__).resolve().parents[2] / "docs" / "_ext" / "catalog_hook.py"
    spec = importlib.util.spec_from_file_location("catalog_hook", hook_path)
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = (hook_path.parents[1] / "reference" / "checks.md").read_text(encoding="utf-8")
    assert hook.MARKER in page
    rendered = hook.on_page_markdown(page)
    rows = [line for line in rendered.splitlines() if line.startswith(("| [MLP", "| MLP"))]
    for check_id in CHECK_CATALOG:
        assert any(check_id in row and CHECK_CATALOG[check_id].severity in row for row in rows)


INDEX_INSTALL = re.compile(
    r"""pip[x]? install\s+(?:-\S+\s+)*["']?mlplugin(?!\s*@)(?:[<>=~!]|["'\s]|$)"""
)


def test_nothing_tells_users_to_install_mlplugin_from_an_index():
    """mlplugin is on no index yet: no doc, README or template says `pip install mlplugin`."""
    templates = [ROOT / "templates" / name for name in ("stats-writer", "trainer")]
    roots = [ROOT / "README.md", DOCS, *templates, ROOT / "scaffold"]
    offenders = []
    for root in roots:
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            if path.suffix not in {".md", ".py", ".toml", ".ini", ".yml", ".yaml", ".sh", ".txt"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if INDEX_INSTALL.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
