"""mlplugin's cache directory: where work that gives the same bytes every time is kept.

``verify`` keeps throwaway environments there; ``new`` keeps the code jinja2 compiles its
template to (:mod:`scaffold._compiled`) and the mlplugin wheel it packs into every project
(:mod:`scaffold._wheelhouse`). Every entry is named by a digest of everything that
decides its content, so a stale entry is never read, only left behind; deleting the
directory at any time costs only the time to make the entries again.

The cache is an optimisation, never a requirement (``MLPLUGIN_NO_CACHE=1`` turns it off):
:func:`read_entry` treats an unreadable entry as missing and :func:`write_entry` gives up
silently on any ``OSError`` (a read-only home, a full disk), so a command works, just
slower, without a usable cache directory.
Entries are written to a temporary file first and renamed into place, so a reader never
sees half an entry, even with two ``mlplugin`` processes racing.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Optional

__all__ = ["cache_enabled", "cache_root", "read_entry", "write_entry"]


def cache_enabled() -> bool:
    """Whether to use the cache at all: not when ``$MLPLUGIN_NO_CACHE`` is set (except 0)."""
    return os.environ.get("MLPLUGIN_NO_CACHE", "") in ("", "0")


def cache_root() -> Path:
    """``$MLPLUGIN_CACHE_DIR``, else ``mlplugin`` under ``$XDG_CACHE_HOME`` or ``~/.cache``."""
    explicit = os.environ.get("MLPLUGIN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mlplugin"


def read_entry(path: Path) -> Optional[bytes]:
    """The bytes of the cache entry at ``path``, or ``None`` when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_entry(path: Path, data: bytes) -> bool:
    """Store ``data`` at ``path`` atomically; ``False`` (and nothing left) when it fails."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.replace(path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        return False
    return True
