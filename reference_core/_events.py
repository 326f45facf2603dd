"""What the plugin loader reports, and how the report travels.

The loader (:mod:`reference_core._loader`) runs in three places: inside ``mlplugin
new`` (in-process), and in a child interpreter for ``verify`` and ``list``. It reports
through a channel as frozen dataclasses. In-process, :class:`EventList` keeps them; in a
child, :class:`FdChannel` writes each as one JSON line to a file descriptor (never to
stdout, which the plugin may flood) and the parent turns the line back into the same
dataclass with :func:`decode`. A line that is not an event (the plugin wrote to the
descriptor) makes :func:`decode` raise ``ValueError``; the parent skips it.

:class:`LoaderConfig` is what the parent tells the child; the parent parses everything
(requirement names are canonical already), so the child never parses packaging data.
"""

from __future__ import annotations

import dataclasses
import json
import os
from typing import Any, Optional, Protocol, Union

__all__ = [
    "Done",
    "EntryPointsFound",
    "Event",
    "EventList",
    "FdChannel",
    "LoaderConfig",
    "PhaseStarted",
    "Problem",
    "Registered",
    "StepChanged",
    "decode",
    "encode",
]


@dataclasses.dataclass(frozen=True)
class LoaderConfig:
    """Everything the loader needs about one plugin, from the parent.

    ``entry_points`` are ``(name, value)`` pairs of ``group`` (used when the
    distribution's own metadata has none); ``declared`` the canonical names of its
    runtime requirements; ``source_roots`` put an unbuilt project in front of
    ``sys.path``; ``search_path`` replaces ``sys.path`` (``list`` inspecting another
    environment). ``steps`` is a prefix of ``("load", "register", "run")``.
    """

    group: str
    results_dir: str
    distribution: Optional[str] = None
    entry_points: tuple[tuple[str, str], ...] = ()
    declared: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = ()
    search_path: tuple[str, ...] = ()
    steps: tuple[str, ...] = ("load", "register", "run")
    thread_timeout_s: float = 10.0
    events_fd: int = -1

    def to_json(self) -> str:
        """The config as JSON text (the child reads it back with :meth:`from_json`)."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> LoaderConfig:
        """Rebuild a config written by :meth:`to_json`."""
        data = json.loads(text)
        data["entry_points"] = tuple(tuple(pair) for pair in data["entry_points"])
        for key in ("declared", "source_roots", "search_path", "steps"):
            data[key] = tuple(data[key])
        return cls(**data)


@dataclasses.dataclass(frozen=True)
class EntryPointsFound:
    """The entry points the loader is about to walk, by name."""

    names: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class PhaseStarted:
    """Plugin code is about to run for ``entry_point`` (a timeout restarts here)."""

    step: str
    entry_point: str


@dataclasses.dataclass(frozen=True)
class StepChanged:
    """A step started, passed, failed or was skipped."""

    step: str
    status: str
    elapsed_s: float = 0.0


@dataclasses.dataclass(frozen=True)
class Problem:
    """One broken link, with the check ID the parent reports it under."""

    check_id: str
    step: str
    entry_point: str
    message: str
    fix: str = ""
    detail: str = ""
    severity: str = "error"


@dataclasses.dataclass(frozen=True)
class Registered:
    """What one registration function gave the host: a description and release facts."""

    entry_point: str
    summary: str
    facts: tuple[dict[str, Any], ...] = ()


@dataclasses.dataclass(frozen=True)
class Done:
    """The loader finished walking every entry point."""


Event = Union[EntryPointsFound, PhaseStarted, StepChanged, Problem, Registered, Done]
_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (EntryPointsFound, PhaseStarted, StepChanged, Problem, Registered, Done)
}


def encode(event: Event) -> bytes:
    """One JSON line naming the event's class."""
    fields = dataclasses.asdict(event)
    line = json.dumps({"type": type(event).__name__, **fields}, default=str) + "\n"
    return line.encode("utf-8", "replace")


def decode(line: bytes) -> Event:
    """The event written by :func:`encode` (``ValueError`` for anything else)."""
    data = json.loads(line)
    if not isinstance(data, dict) or data.get("type") not in _TYPES:
        raise ValueError("not a loader event")
    cls = _TYPES[data.pop("type")]
    try:
        for field in dataclasses.fields(cls):
            if isinstance(data.get(field.name), list):
                data[field.name] = tuple(data[field.name])
        event: Event = cls(**data)
    except TypeError as exc:
        raise ValueError(f"malformed {cls.__name__} event: {exc}") from exc
    return event


class Channel(Protocol):
    """Where the loader sends its events."""

    def send(self, event: Event) -> None:
        """Deliver one event."""


class EventList:
    """A channel that keeps every event, for running the loader in-process."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def send(self, event: Event) -> None:
        """Keep ``event``."""
        self.events.append(event)

    def problems(self) -> list[Problem]:
        """The problems reported so far, in order."""
        return [e for e in self.events if isinstance(e, Problem)]


class FdChannel:
    """A channel that writes JSON lines to a file descriptor inherited from the parent."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, event: Event) -> None:
        """Write ``event`` completely, however the pipe splits it."""
        data = encode(event)
        while data:
            written = os.write(self.fd, data)
            data = data[written:]
