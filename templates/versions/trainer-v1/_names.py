"""One plugin name in, every derived name out.

``mlplugin new NAME`` needs a directory, a distribution name, an import package, an
entry-point name and a class name. They are all computed here, by :func:`derive_names`,
and nowhere else: the CLI, the generator, the cookiecutter pre-generation hook and the
tests call this one function, so the names can never drift apart.

This module uses only the standard library so that the template's hook can import it
from plain ``cookiecutter``.
"""

from __future__ import annotations

import importlib.util
import keyword
import re
import sys
import unicodedata
from dataclasses import dataclass

__all__ = ["PluginNames", "check_name", "derive_names", "name_problems", "suggest_name"]

#: What a plugin name may contain: letters, digits and the separators ``-``, ``_``, ``.``.
_ALLOWED = re.compile(r"[A-Za-z0-9._-]")
#: Longer names make import lines that no formatter can keep tidy.
MAX_LENGTH = 50
_SEPARATORS = re.compile(r"[-_.]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

#: Names that would shadow the host or break the generated project's own layout.
_RESERVED = {
    "mlagents": "the ML-Agents trainer package itself",
    "mlagents_envs": "the ML-Agents environment package",
    "mlagents_plugin_examples": "the ML-Agents example plugin",
    "reference_core": "mlplugin's host stand-in, which the plugin's tests import",
    "scaffold": "mlplugin's own package",
    "mlplugin": "mlplugin itself",
    "tests": "the generated project's test directory",
    "src": "the generated project's source directory",
    "docs": "the generated project's documentation directory",
    "setup": "setuptools' build script name",
}

# sys.stdlib_module_names exists from Python 3.10 on; 3.9 gets a list of the names a
# plugin author is most likely to type (the full check runs on every newer Python).
_STDLIB_FALLBACK = frozenset(
    """
    abc argparse array ast asyncio base64 bisect builtins calendar cmd code codecs collections
    contextlib copy csv ctypes dataclasses datetime decimal difflib dis email enum errno
    functools gc getopt glob gzip hashlib heapq hmac html http importlib inspect io ipaddress
    itertools json keyword logging math mmap multiprocessing numbers operator os pathlib pickle
    platform pprint profile queue random re sched secrets select shelve shutil signal site
    socket sqlite3 ssl stat statistics string struct subprocess sys tempfile test textwrap
    threading time timeit token tokenize trace traceback types typing unittest urllib uuid venv
    warnings weakref xml zipfile zlib
    """.split()  # noqa: SIM905 - a word list reads better than 120 quoted strings
)


@dataclass(frozen=True)
class PluginNames:
    """Every name derived from one plugin name.

    ``project`` is the directory and the distribution name (PEP 503 normalised),
    ``module`` the import package, ``entry_point`` the name registered in the
    ``mlagents.stats_writer`` group, ``class_name`` the ``StatsWriter`` subclass and
    ``registration`` the function the entry point refers to.
    """

    raw: str
    project: str
    module: str
    entry_point: str
    class_name: str
    title: str
    registration: str = "get_stats_writers"

    @property
    def entry_point_value(self) -> str:
        """The ``module:function`` value of the entry point."""
        return f"{self.module}:{self.registration}"


def _stdlib_names() -> frozenset[str]:
    names = getattr(sys, "stdlib_module_names", None)
    return frozenset(names) if names is not None else _STDLIB_FALLBACK


def _words(raw: str) -> list[str]:
    """Split ``raw`` into lower-case words at separators and camelCase boundaries."""
    return [w.lower() for part in _SEPARATORS.split(raw) for w in _CAMEL_BOUNDARY.split(part) if w]


def _class_name(words: list[str]) -> str:
    camel = "".join(w.capitalize() for w in words)
    if camel.lower().endswith("writer"):
        return camel[: -len("writer")] + "Writer"
    return camel + "Writer"


def _installed_elsewhere(module: str, project: str) -> bool:
    """True when ``module`` is importable here, unless it is an editable install of ``project``.

    Regenerating a plugin that is installed in development mode (``pip install -e``)
    must stay possible; anything else of that name would be shadowed or would shadow.
    """
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    if sys.version_info < (3, 10):  # no packages_distributions(): assume someone else's
        return True
    from importlib import metadata

    owners = metadata.packages_distributions().get(module, [])
    for owner in owners:
        if _SEPARATORS.sub("-", owner).lower() != project:
            return True
        direct_url = metadata.distribution(owner).read_text("direct_url.json") or ""
        if '"editable": true' not in direct_url.replace("'", '"'):
            return True
    return not owners


def name_problems(raw: str) -> list[str]:
    """Return every reason ``raw`` cannot be a plugin name (empty when it can)."""
    if not raw.strip():
        return ["the name is empty; give a short name such as 'my-writer'"]
    problems: list[str] = []
    if "/" in raw or "\\" in raw or raw in {".", ".."}:
        problems.append("it is a path; give a plain name and choose the location with --output-dir")
    bad = sorted({c for c in raw if not _ALLOWED.match(c)} - {"/", "\\"})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        letters = [c for c in bad if c.isalnum()]  # e.g. 'ü': a letter, but not an ASCII one
        which = ""
        if letters:
            listed = ", ".join(repr(c) for c in letters)
            which = (
                f"{listed} is not an ASCII letter; "
                if len(letters) == 1
                else f"{listed} are not ASCII letters; "
            )
        problems.append(
            f"it contains {shown}; {which}use only ASCII letters (a-z, A-Z), digits, "
            "'-', '_' and '.'"
        )
    if len(raw) > MAX_LENGTH:
        problems.append(f"it is {len(raw)} characters long; keep it to {MAX_LENGTH} or fewer")
    words = _words(raw)
    if not words:
        if not problems:
            problems.append("it has no letters or digits")
        return problems
    module = "_".join(words)
    if module[0].isdigit():
        problems.append(
            f"the import package {module!r} would start with a digit, which Python forbids"
        )
    if keyword.iskeyword(module) or module in {"none", "true", "false"}:
        problems.append(f"{module!r} is a Python keyword and cannot be imported")
    if module in _RESERVED:
        problems.append(f"the import package {module!r} would shadow {_RESERVED[module]}")
    elif module in _stdlib_names():
        problems.append(f"the import package {module!r} would shadow the standard library's")
    elif not problems and _installed_elsewhere(module, "-".join(words)):
        problems.append(
            f"the import package {module!r} would shadow a module already installed here"
        )
    return problems


def suggest_name(raw: str) -> str | None:
    """Return a valid plugin name close to ``raw``, or ``None`` if none can be made."""
    last = re.split(r"[/\\]", raw.strip())[-1]
    # accents off where a letter has an ASCII base: 'über' -> 'uber'
    last = "".join(c for c in unicodedata.normalize("NFKD", last) if not unicodedata.combining(c))
    words = _words("".join(c if _ALLOWED.match(c) else "-" for c in last))
    if not words:
        return "my-writer"
    if words[0][0].isdigit():
        digits = re.match(r"\d+", words[0])
        head = words[0][digits.end() if digits else 0 :]
        words = ([head] if head else []) + words[1:] + [digits.group() if digits else ""]
        words = [w for w in words if w] or ["writer"]
        if words[0][0].isdigit():
            words.insert(0, "writer")
    candidate = "-".join(words)[: MAX_LENGTH - len("-stats-writer")].strip("-")
    for attempt in (candidate, f"{candidate}-writer", f"{candidate}-stats-writer"):
        if not name_problems(attempt):
            return attempt
    return None


def derive_names(raw: str) -> PluginNames:
    """Derive every plugin name from ``raw`` without validating it (see :func:`check_name`)."""
    words = _words(raw)
    return PluginNames(
        raw=raw,
        project="-".join(words),
        module="_".join(words),
        entry_point="_".join(words),
        class_name=_class_name(words),
        title=" ".join(w.capitalize() for w in words),
    )


def check_name(raw: str) -> PluginNames:
    """Validate ``raw`` and derive its names.

    Raises :class:`~scaffold.InvalidPluginName` listing every problem at once, with a
    suggested valid name.
    """
    problems = name_problems(raw)
    if problems:
        from scaffold._errors import InvalidPluginName

        raise InvalidPluginName(name=raw, problems=problems, suggestion=suggest_name(raw))
    return derive_names(raw)
