"""The names of the steps of the verify chain, in the order the host walks them."""

from __future__ import annotations

#: Every step, in order. ``verify`` stops after the first one with an error.
STEPS = ("static", "build", "install", "load", "register", "run")

#: The default for ``verify(steps=...)``: run the whole chain.
ALL_STEPS: frozenset[str] = frozenset(STEPS)

#: Steps that run in the child process, inside the throwaway environment.
CHILD_STEPS = ("load", "register", "run")
