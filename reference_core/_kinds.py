"""What a plugin kind is: one row of data per entry-point group the host reads.

The ML-Agents host reads two groups. Each has its own registration call and return
contract, and every part of mlplugin that meets a plugin -- discovery, the contract
suite, ``mlplugin new``, ``verify``, ``list`` and ``doctor`` -- asks the row of its
kind instead of spelling the group, the call or the checks out again. Adding a kind is
adding a row (and the checks its return contract needs).

Two rows exist: :data:`STATS_WRITER` and :data:`TRAINER_TYPE` (whose checks live in
:mod:`reference_core._trainer_kind`). Nothing here fails: looking up an unknown group
returns ``None``.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable, Optional

from ._summary import StatsWriter, writer_base_classes

if TYPE_CHECKING:
    from ._settings import RunOptions
    from ._trainer_kind import ResultProblem

__all__ = [
    "DEFAULT_STATS_WRITERS",
    "DEFAULT_TRAINER_TYPES",
    "HOST_GROUPS",
    "ML_AGENTS_STATS_WRITER",
    "ML_AGENTS_TRAINER_TYPE",
    "PLUGIN_KINDS",
    "STATS_WRITER",
    "TRAINER_TYPE",
    "PluginKind",
    "ResultProblem",
    "kind_for_group",
]

#: The entry-point groups the host reads (``mlagents.plugins`` defines the same names).
ML_AGENTS_STATS_WRITER = "mlagents.stats_writer"
ML_AGENTS_TRAINER_TYPE = "mlagents.trainer_type"
HOST_GROUPS = (ML_AGENTS_STATS_WRITER, ML_AGENTS_TRAINER_TYPE)
#: The value of the host's own entry point in group ``mlagents.stats_writer``.
DEFAULT_STATS_WRITERS = "mlagents.plugins.stats_writer:get_default_stats_writers"
#: The value of the host's own entry point in group ``mlagents.trainer_type``.
DEFAULT_TRAINER_TYPES = "mlagents.plugins.trainer_type:get_default_trainer_types"


@dataclasses.dataclass(frozen=True)
class PluginKind:
    """One entry-point group: how the host calls its registration function and what
    it must return.

    ``arguments`` builds the positional arguments the host passes; ``call_text`` says
    the same in words for messages. ``check_result`` turns the returned value into the
    objects the host keeps, plus the problems the host would trip over (check IDs of the
    register step). ``contract`` runs the run-step scenario on those objects and returns
    its problems. ``describe`` renders the kept objects for ``list``; ``facts`` records
    what decides host-release support (``verify``). ``host_import`` says whether an
    import error for a missing host module means "needs the real host" (reported as a
    check not run) rather than a broken plugin; ``signature_check`` is the check ID of a
    registration function that cannot take the host's call.
    """

    group: str
    noun: str
    call_text: str
    arguments: Callable[[RunOptions], tuple[Any, ...]]
    base_classes: Callable[[], tuple[type, ...]]
    check_result: Callable[[Any], tuple[list[Any], list[ResultProblem]]]
    contract: Callable[[list[Any], RunOptions, float], list[ResultProblem]]
    describe: Callable[[Sequence[Any]], str]
    facts: Callable[[Any], dict[str, Any]]
    default_value: Optional[str] = None
    host_import: bool = False
    signature_check: str = "MLP501"


def _trainer_kind(name: str) -> Callable[..., Any]:
    """``_trainer_kind.<name>``, imported on first call: the trainer side pulls in the
    settings classes, which a command that only reads group names should not pay for."""

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module("._trainer_kind", __package__), name)(*args)

    return call


def _writers_returned(result: Any) -> tuple[list[Any], list[ResultProblem]]:
    """The host takes ``len()`` of the result, then extends its writer list with it."""
    from ._trainer_kind import ResultProblem

    try:
        count = len(result)
    except Exception as exc:  # any failure of len() drops the plugin
        return [], [
            ResultProblem(
                "MLP503",
                f"it returned a {type(result).__name__} ({exc}); the host logs "
                "'Error initializing StatsWriter plugins' and drops the plugin",
            )
        ]
    writers = list(result)
    for index, element in enumerate(writers):
        if isinstance(element, type):
            what = f"the class {element.__name__}, not an instance of it"
        elif not isinstance(element, writer_base_classes()):
            what = f"a {type(element).__name__} ({element!r:.60})"
        else:
            continue
        return [], [ResultProblem("MLP504", f"element {index} of the returned list is {what}")]
    if count == 0:
        message = "the registration function returned an empty list, so the plugin does nothing"
        return writers, [ResultProblem("MLP508", message, "warning")]
    return writers, []


def _writer_contract(
    writers: list[Any], run_options: RunOptions, thread_timeout_s: float
) -> list[ResultProblem]:
    from ._trainer_kind import ResultProblem
    from .testing import run_contract  # the suite is heavy; only the run step needs it

    report = run_contract(writers, run_options, thread_timeout_s=thread_timeout_s)
    return [ResultProblem(v.check_id, v.message, fix=v.fix) for v in report.violations]


def _describe_writers(writers: Sequence[Any]) -> str:
    names = [type(writer).__name__ for writer in writers]
    return f"{len(names)} writer(s)" + (f": {', '.join(names)}" if names else "")


def _writer_facts(writer: Any) -> dict[str, Any]:
    """Facts about one writer that decide which host releases it works with."""
    from ._writers import TensorboardWriter

    cls = type(writer)
    hook = getattr(cls, "on_add_stat", None)
    return {
        "class": cls.__qualname__,
        "overrides_on_add_stat": hook is not None and hook is not StatsWriter.on_add_stat,
        "hidden_keys": bool(
            isinstance(writer, TensorboardWriter) and getattr(writer, "hidden_keys", None)
        ),
    }


STATS_WRITER = PluginKind(
    group=ML_AGENTS_STATS_WRITER,
    noun="StatsWriter",
    call_text="one positional RunOptions",
    arguments=lambda run_options: (run_options,),
    base_classes=writer_base_classes,
    check_result=_writers_returned,
    contract=_writer_contract,
    describe=_describe_writers,
    facts=_writer_facts,
    default_value=DEFAULT_STATS_WRITERS,
)

TRAINER_TYPE = PluginKind(
    group=ML_AGENTS_TRAINER_TYPE,
    noun="Trainer",
    call_text="no arguments",
    arguments=lambda _run_options: (),
    base_classes=lambda: (),
    check_result=_trainer_kind("trainers_returned"),
    contract=_trainer_kind("trainer_contract"),
    describe=_trainer_kind("describe_trainers"),
    facts=_trainer_kind("trainer_facts"),
    default_value=DEFAULT_TRAINER_TYPES,
    host_import=True,
    signature_check="MLP701",
)

#: Every kind with a complete row, by group.
PLUGIN_KINDS = {kind.group: kind for kind in (STATS_WRITER, TRAINER_TYPE)}


def kind_for_group(group: str) -> Optional[PluginKind]:
    """The row of ``group``, or ``None`` for a group without one (imported only)."""
    return PLUGIN_KINDS.get(group)
