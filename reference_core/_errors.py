"""The exceptions of :mod:`reference_core`.

Every error the reference core raises on purpose derives from
:class:`ReferenceCoreError` and also from the builtin that best describes it, so
``except ValueError`` keeps working where upstream code raised a plain builtin.
Subclasses take keyword arguments, keep them as attributes and format their own
message in ``__str__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: The stages at which :func:`reference_core.discover_stats_writers` can fail.
PLUGIN_STAGES = ("load", "call", "len", "extend", "element")


class ReferenceCoreError(Exception):
    """Base class of every error raised on purpose by :mod:`reference_core`."""


class PluginLoadError(ReferenceCoreError, RuntimeError):
    """A stats-writer plugin failed while the (strict) loader processed it.

    ``stage`` names the step of the host's loader that failed: ``"load"`` (importing
    the entry point), ``"call"`` (calling the registration function with one
    ``RunOptions``), ``"len"`` (taking ``len()`` of its return value), ``"extend"``
    (adding the returned items to the writer list) or ``"element"`` (strict mode
    only: an item is not a ``StatsWriter``). ``cause`` is the original exception,
    which is also chained as ``__cause__``.
    """

    def __init__(
        self,
        *,
        entry_point: str,
        group: str,
        stage: str,
        distribution: str | None = None,
        value: str | None = None,
        cause: BaseException | None = None,
    ) -> None:
        self.entry_point = entry_point
        self.group = group
        self.stage = stage
        self.distribution = distribution
        self.value = value
        self.cause = cause
        super().__init__(entry_point, group, stage)

    def __reduce__(self) -> tuple[object, ...]:
        """Keep the exception picklable despite its keyword-only constructor."""
        keys = ("entry_point", "group", "stage", "distribution", "value", "cause")
        return (_rebuild, (type(self), {key: self.__dict__[key] for key in keys}))

    def __str__(self) -> str:
        origin = f"distribution {self.distribution!r}" if self.distribution else "no distribution"
        target = f" ({self.value})" if self.value else ""
        what = f"{type(self.cause).__name__}: {self.cause}" if self.cause is not None else "failed"
        return (
            f"stats-writer plugin {self.entry_point!r}{target} in group {self.group!r} "
            f"({origin}) failed at stage {self.stage!r}: {what}. "
            "The ML-Agents host would log this and train on without the plugin."
        )


def _rebuild(cls: type[BaseException], kwargs: dict[str, Any]) -> BaseException:
    """Recreate a keyword-only exception when unpickling."""
    return cls(**kwargs)


class TrainerConfigError(ReferenceCoreError, ValueError):
    """The trainer configuration is invalid.

    Mirrors ``mlagents.trainers.exception.TrainerConfigError`` and, like it, takes the
    message as its single positional argument; the texts raised by
    :mod:`reference_core` are the upstream ones.
    """


class TrainerConfigWarning(Warning):
    """Mirrors ``mlagents.trainers.exception.TrainerConfigWarning`` (a final curriculum
    lesson with ``completion_criteria``, which is ignored)."""


class UnknownPluginError(ReferenceCoreError, KeyError):
    """No plugin outcome has the requested entry-point name."""

    def __init__(self, *, name: str, known: Sequence[str], suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.known = tuple(known)
        self.suggestions = tuple(suggestions)
        super().__init__(name)

    def __reduce__(self) -> tuple[object, ...]:
        """Keep the exception picklable despite its keyword-only constructor."""
        kwargs = {"name": self.name, "known": self.known, "suggestions": self.suggestions}
        return (_rebuild, (type(self), kwargs))

    def __str__(self) -> str:
        message = f"no stats-writer plugin named {self.name!r} was discovered"
        if self.suggestions:
            message += f"; did you mean {' or '.join(repr(s) for s in self.suggestions)}?"
        elif self.known:
            message += f"; discovered: {', '.join(repr(k) for k in self.known)}"
        else:
            message += "; no plugins were discovered at all"
        return message


class MissingDependencyError(ReferenceCoreError, ImportError):
    """An optional third-party package needed for one feature is not installed."""

    def __init__(self, *, package: str, feature: str) -> None:
        self.package = package
        self.feature = feature
        super().__init__(package)

    def __reduce__(self) -> tuple[object, ...]:
        """Keep the exception picklable despite its keyword-only constructor."""
        return (_rebuild, (type(self), {"package": self.package, "feature": self.feature}))

    def __str__(self) -> str:
        return (
            f"{self.feature} needs the optional package {self.package!r}, which is not "
            f"installed. Install it with: pip install {self.package}"
        )
