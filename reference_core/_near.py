"""Near-miss detection: normalised spellings and "did you mean" suggestions.

One implementation for every "did you mean": a misspelt entry-point group (verify's
static step, ``doctor``), a module or attribute name (verify, in the parent and in the
child interpreter, which has only ``reference_core``) and an unknown plugin name
(discovery). Pure functions of strings; nothing here raises.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Optional

_SEPARATORS = re.compile(r"[-_.\s]+")


def normalise(name: str) -> str:
    """Fold case and separators (``-``, ``_``, ``.``) away, and strip plural ``s``.

    ``Mlagents.Stats_Writer``, ``mlagents_stats_writer`` and ``mlagents.statswriter``
    all normalise to the same string as ``mlagents.stats_writer``; so does the singular
    ``mlagents.stat_writer``.
    """
    words = [w for w in _SEPARATORS.split(name.lower()) if w]
    return "".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def is_near_miss(candidate: str, wanted: str, *, cutoff: float = 0.85) -> bool:
    """True when ``candidate`` is not ``wanted`` but close enough to be a typo of it."""
    if candidate == wanted:
        return False
    a, b = normalise(candidate), normalise(wanted)
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= cutoff


def did_you_mean(wrong: str, choices: Iterable[str], *, cutoff: float = 0.6) -> Optional[str]:
    """The choice closest to ``wrong`` (comparing normalised and raw spellings), if any."""
    options = sorted({c for c in choices if c and c != wrong})
    if not options:
        return None
    by_norm: dict[str, str] = {}
    for option in options:
        by_norm.setdefault(normalise(option), option)
    if normalise(wrong) in by_norm:
        return by_norm[normalise(wrong)]
    close = difflib.get_close_matches(wrong, options, n=1, cutoff=cutoff)
    if close:
        return close[0]
    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(wrong.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[close[0]] if close else None


def near_host_group(group: str, host_groups: Iterable[str]) -> Optional[str]:
    """The host group ``group`` was probably meant to be, if it misspells one."""
    return next((host for host in host_groups if is_near_miss(group, host)), None)


def suggestion(wrong: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or the empty string."""
    best = did_you_mean(wrong, choices)
    return f" (did you mean {best!r}?)" if best else ""
