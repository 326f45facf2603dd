"""Answers: reading them from a file, and checking each one the way its readers will.

An answers file is JSON or TOML. TOML may hold the answers at the top level or under
``[tool.mlplugin]``, so a generated project's ``pyproject.toml`` can be fed back in.

Free-text answers (description, author, e-mail) land in Python, TOML, Markdown and core
metadata. The template escapes them for each of those (its ``local_extensions`` filters);
what no escape can carry is refused here, before anything is rendered, with one line per
problem: control characters (line breaks and tabs included: every answer is one line of
metadata), lone surrogates (no file can store them as UTF-8), Unicode noncharacters,
leading or trailing whitespace (trimmed by Markdown and by metadata readers) and empty
text. Meaning is checked the way the build backend will: the e-mail must be an address
setuptools accepts for ``project.authors`` (its ``idn-email`` pattern, and
``email.headerregistry.Address`` together with the author name); the license must be an
SPDX expression. :func:`text_problems`, :func:`email_problems` and
:func:`license_problems` return the problems;
``make_spec`` raises them all together.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from scaffold._errors import AnswersFileError

__all__ = ["ANSWER_KEYS", "email_problems", "license_problems", "read_answers", "text_problems"]

#: Keys an answers file may set, with the type each must have.
ANSWER_KEYS: dict[str, tuple[type, ...]] = {
    "plugin_name": (str,),
    "packaging": (str,),
    "preset": (str,),
    "description": (str,),
    "author": (str,),
    "email": (str,),
    "license": (str,),
    "python_versions": (str, list),
    "copyright_year": (str, int),
}
#: Recorded by mlplugin itself (versions, added plugins, adoption), not answers to reuse.
_IGNORED = {"template", "template_version", "mlplugin_version", "verify", "plugins", "adopted"}
#: setuptools' ``idn-email`` format for ``project.authors[].email`` (validate-pyproject).
_SETUPTOOLS_EMAIL = re.compile(r"^[^@]+@[^@]+\.[^@]+\Z")
#: A plain dot-atom address and a plain author name: ``email.headerregistry.Address``
#: accepts every such pair (tests/scaffold/test_email_fast_path.py proves it), so the
#: common case skips importing the e-mail package (about 14 ms of ``mlplugin new``).
PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\Z"
)
PLAIN_AUTHOR = re.compile(r"[A-Za-z0-9 .,'_-]*\Z")


_CONTROL_NAMES = {"\n": "line feed", "\r": "carriage return", "\t": "tab", "\x85": "next line"}


def _describe(char: str) -> str:
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} ({name.lower()})" if name else code


def text_problems(key: str, value: Any) -> list[str]:
    """Why ``value`` cannot be the free-text answer ``key`` (empty when it can)."""
    if not isinstance(value, str):
        return [f"{key} must be text, not {type(value).__name__}"]
    if not value:
        return [f"{key} is empty"]
    problems = []
    controls = sorted({c for c in value if unicodedata.category(c) == "Cc"})
    if controls:
        shown = ", ".join(_describe(c) for c in controls)
        problems.append(f"{key} must be one line without control characters (has {shown})")
    surrogates = sorted({c for c in value if unicodedata.category(c) == "Cs"})
    if surrogates:
        shown = ", ".join(f"U+{ord(c):04X}" for c in surrogates)
        problems.append(f"{key} holds lone surrogates ({shown}), which no file can store")
    nonchars = sorted(
        {c for c in value if 0xFDD0 <= ord(c) <= 0xFDEF or (ord(c) & 0xFFFE) == 0xFFFE}
    )
    if nonchars:
        shown = ", ".join(f"U+{ord(c):04X}" for c in nonchars)
        problems.append(f"{key} holds Unicode noncharacters ({shown})")
    if value != value.strip():
        problems.append(f"{key} starts or ends with whitespace; remove it")
    return problems


def email_problems(email: str, author: str = "") -> list[str]:
    """Check the e-mail (with its author name) the way setuptools reads ``project.authors``."""
    if not _SETUPTOOLS_EMAIL.match(email):
        return [f"email {email!r} is not an e-mail address (setuptools requires name@domain.tld)"]
    if PLAIN_EMAIL.match(email) and PLAIN_AUTHOR.match(author):
        return []
    from email.headerregistry import Address

    try:
        str(Address(display_name=author, addr_spec=email))
    except (ValueError, IndexError) as error:
        return [f"email {email!r} is not a valid address: {error}"]
    return []


def license_problems(license_: str) -> list[str]:
    """Check that ``license_`` is an SPDX license expression, spelled as SPDX spells it."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    try:
        canonical = canonicalize_license_expression(license_)
    except InvalidLicenseExpression as error:
        return [f"license {license_!r} is not an SPDX expression: {error}"]
    if canonical != license_:
        return [f"license {license_!r} is spelled {canonical!r} in SPDX"]
    return []


def read_answers(path: Path) -> dict[str, Any]:
    """Read and check an answers file; every problem is reported in one error."""
    path = Path(path)
    try:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            from reference_core._toml import load_toml  # only with --answers

            data = load_toml(path)
    except OSError as error:
        raise AnswersFileError(path=path, problems=[error.strerror or str(error)]) from error
    except ValueError as error:
        raise AnswersFileError(path=path, problems=[f"cannot be parsed: {error}"]) from error
    if not isinstance(data, dict):
        raise AnswersFileError(path=path, problems=["must hold a table/object of answers"])
    table = data.get("tool", {}).get("mlplugin", data) if "tool" in data else data
    problems = []
    answers: dict[str, Any] = {}
    for key, value in table.items():
        if key in _IGNORED:
            continue
        if key not in ANSWER_KEYS:
            problems.append(f"unknown answer {key!r} (known: {', '.join(ANSWER_KEYS)})")
        elif not isinstance(value, ANSWER_KEYS[key]) or isinstance(value, bool):
            problems.append(f"{key} must be text, not {type(value).__name__}")
        else:
            answers[key] = value
    if problems:
        raise AnswersFileError(path=path, problems=problems)
    return answers
