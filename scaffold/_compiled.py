"""The code jinja2 compiles a template to, kept in the cache so ``new`` compiles it once.

Compiling every file name and file of the template (lexing, parsing, generating and
compiling Python) is most of what rendering costs. ``jinja2`` turns the same text into
the same code in the same environment, so :func:`compiled_for` hands
:func:`scaffold._render.render_template` a mapping from template text to that code,
loaded from one cache file, and :meth:`CompiledTemplate.save` writes back what had to be
compiled afresh. The output is the same: rendering runs the code ``from_string`` would
have compiled (``tests/scaffold/test_compiled.py`` renders both ways and compares).

What decides the code is in the cache file's name, so a change to any of it reads
another file: the jinja2 version, the interpreter's bytecode format
(``importlib.util.MAGIC_NUMBER``), the renderer (``scaffold/_render.py``, which sets the
environment's options) and the template's extension modules and ``cookiecutter.json``.
Entries are keyed by the template text itself, so an edited file is simply a miss.

Failures are misses: a missing, unreadable or corrupt cache file gives an empty mapping,
and a cache that cannot be written is left alone (:mod:`scaffold._cache`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
from pathlib import Path
from types import CodeType
from typing import Any, Optional

from scaffold._cache import cache_enabled, cache_root, read_entry, write_entry

__all__ = ["CompiledTemplate", "compiled_for"]

#: Entries no rendering used for this many times the used count are dropped on save.
_KEEP_FACTOR = 2


class CompiledTemplate(dict[str, CodeType]):
    """Template text -> compiled code, read from and written back to one cache file."""

    def __init__(self, path: Optional[Path], codes: dict[str, CodeType]) -> None:
        super().__init__(codes)
        self.path = path
        self.used: set[str] = set()
        self.added = 0

    def get(self, text: str, default: Any = None) -> Any:
        self.used.add(text)
        return super().get(text, default)

    def __setitem__(self, text: str, code: CodeType) -> None:
        self.used.add(text)
        self.added += 1
        super().__setitem__(text, code)

    def save(self) -> None:
        """Write the mapping back when something was compiled afresh (else do nothing).

        Entries of older template texts are dropped once they outnumber the used ones.
        """
        if self.path is None or not self.added:
            return
        keep = dict(self)
        if len(keep) > _KEEP_FACTOR * len(self.used):
            keep = {text: code for text, code in keep.items() if text in self.used}
        write_entry(self.path, marshal.dumps(keep))


def _key(template: Path) -> str:
    import jinja2

    from scaffold import _render

    digest = hashlib.sha256()
    digest.update(f"jinja2 {jinja2.__version__}\0".encode())
    digest.update(importlib.util.MAGIC_NUMBER)
    digest.update(Path(_render.__file__).read_bytes())
    for part in (template / "cookiecutter.json", *sorted(template.glob("*.py"))):
        digest.update(f"\0{part.name}\0".encode())
        digest.update(part.read_bytes())
    return digest.hexdigest()[:32]


def _load(path: Path) -> dict[str, CodeType]:
    data = read_entry(path)
    if data is None:
        return {}
    try:
        codes = marshal.loads(data)  # noqa: S302 - our own cache, trusted like __pycache__
    except (EOFError, ValueError, TypeError):  # a damaged file: compile afresh
        return {}
    if not isinstance(codes, dict):
        return {}
    return {k: v for k, v in codes.items() if isinstance(k, str) and isinstance(v, CodeType)}


def compiled_for(template: Path) -> CompiledTemplate:
    """The compiled code of ``template`` kept in the cache (empty when there is none).

    With the cache turned off (``MLPLUGIN_NO_CACHE``) the mapping starts empty and
    :meth:`CompiledTemplate.save` does nothing.
    """
    if not cache_enabled():
        return CompiledTemplate(None, {})
    try:
        key = _key(template)
    except OSError:  # the renderer or an extension cannot be read as a file: no cache
        return CompiledTemplate(None, {})
    path = cache_root() / "templates" / f"{template.name}-{key}.marshal"
    return CompiledTemplate(path, _load(path))
