"""The catalogue of check IDs that :func:`scaffold.verify` reports.

The IDs, steps and severities are a public contract (``docs/reference/checks.md``);
add new checks with new numbers, never renumber. The run-step checks ``MLP601`` to
``MLP612`` are defined by ``reference_core.testing.CHECKS`` and merged in lazily, so
that importing :mod:`scaffold` does not import the contract suite.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Optional

from reference_core._kinds import ML_AGENTS_STATS_WRITER as _GROUP
from reference_core._kinds import ML_AGENTS_TRAINER_TYPE as _TRAINER_GROUP

from ._model import Finding, Location, truncate_detail


@dataclasses.dataclass(frozen=True)
class Check:
    """One entry of the catalogue: what the check means and the default fix."""

    check_id: str
    step: str
    severity: str
    title: str
    fix: str


_STATIC: tuple[Check, ...] = (
    Check(
        "MLP100",
        "static",
        "error",
        "no packaging metadata found",
        "Run verify on the plugin's project directory (the one with pyproject.toml), "
        "or create one with `mlplugin new`.",
    ),
    Check(
        "MLP101",
        "static",
        "error",
        f"no entry point in group {_GROUP!r}",
        f'Declare one: [project.entry-points."{_GROUP}"] my_plugin = '
        '"my_package.module:get_stats_writers".',
    ),
    Check(
        "MLP102",
        "static",
        "error",
        "entry point declared in a misspelt group",
        f"Rename the group to exactly {_GROUP!r}; the host looks up no other spelling.",
    ),
    Check(
        "MLP103",
        "static",
        "error",
        "entry-point value is not `module:attr` syntax",
        "Write the value as `package.module:function` (dotted module, one colon, "
        "dotted attribute).",
    ),
    Check(
        "MLP104",
        "static",
        "error",
        "setup.py imports mlagents",
        f"Spell the group out as the string {_GROUP!r} instead of importing "
        "ML_AGENTS_STATS_WRITER; isolated builds have no mlagents installed.",
    ),
    Check(
        "MLP105",
        "static",
        "warning",
        "entry points cannot be read statically",
        "Write `entry_points` as a literal dict in setup.py, or move the declaration "
        "to pyproject.toml or setup.cfg.",
    ),
    Check(
        "MLP106",
        "static",
        "error",
        "entry-point module not found in the source tree",
        "Fix the module path in the entry-point value or create the module.",
    ),
    Check(
        "MLP107",
        "static",
        "error",
        "entry-point attribute not defined in its module",
        "Fix the attribute name in the entry-point value or define the function at the "
        "module's top level.",
    ),
    Check(
        "MLP108",
        "static",
        "warning",
        "a host-provided package is a runtime dependency",
        "Remove it from the runtime dependencies (the trainer provides it); list it in a "
        "`host` or `test` extra if you need it for development.",
    ),
    Check(
        "MLP109",
        "static",
        "error",
        "the same entry-point name is declared twice",
        "Give every entry point in the group its own name.",
    ),
    Check(
        "MLP110",
        "run",
        "warning",
        "the plugin supports no (requested) ML-Agents release",
        "Widen requires-python to include a Python the release installs on, or stop "
        "depending on features the release lacks (see the host-support table).",
    ),
    Check(
        "MLP111",
        "static",
        "warning",
        "a packaging file declares entry points the build backend ignores",
        "Declare the entry points in the one place your build backend reads (for "
        "setuptools: [project.entry-points], or setup.cfg/setup.py when they are dynamic) "
        "and delete the other declaration.",
    ),
    Check(
        "MLP201",
        "build",
        "error",
        "the isolated wheel build failed",
        "Run `uv build --wheel` (or `python -m build --wheel`) in the project and fix "
        "the first error in its log.",
    ),
    Check(
        "MLP202",
        "build",
        "error",
        "the wheel's entry points differ from the source",
        "Remove stale build output (build/, *.egg-info) and make sure the build backend "
        "reads the declaration you edited.",
    ),
    Check(
        "MLP203",
        "build",
        "error",
        "the entry-point module is not inside the wheel",
        "Tell the build backend which packages to include (hatch "
        "`[tool.hatch.build.targets.wheel] packages`, setuptools `packages=`).",
    ),
    Check(
        "MLP301",
        "install",
        "error",
        "installing the wheel failed",
        "Fix the dependency named in the installer's log, or its version constraint.",
    ),
    Check(
        "MLP302",
        "install",
        "info",
        "host-provided dependencies were not downloaded",
        "Nothing to do; the reference core stands in for the host.",
    ),
    Check(
        "MLP401",
        "load",
        "error",
        "importing the plugin raised in its own code",
        "Fix the error in the traceback; the host logs it and trains without the plugin.",
    ),
    Check(
        "MLP402",
        "load",
        "error",
        "the plugin imports an undeclared dependency",
        "Add the missing package to [project] dependencies (or install_requires).",
    ),
    Check(
        "MLP403",
        "load",
        "error",
        "a declared dependency failed to import",
        "Check that the dependency installs and imports on this Python; this is an "
        "environment problem rather than a bug in the plugin.",
    ),
    Check(
        "MLP404",
        "load",
        "error",
        "the entry-point attribute does not exist",
        "Point the entry point at a function the module defines.",
    ),
    Check(
        "MLP405",
        "load",
        "error",
        "importing the plugin did not finish in time",
        "Do not block at import time (network calls, input(), waiting on threads); do "
        "slow work lazily inside the writer.",
    ),
    Check(
        "MLP406",
        "load",
        "error",
        "importing the plugin ended the process",
        "Never call sys.exit/os._exit or raise SystemExit/KeyboardInterrupt at import.",
    ),
    Check(
        "MLP407",
        "load",
        "error",
        "the entry-point module is not importable",
        "Make sure the module named in the entry point is packaged and spelled right.",
    ),
    Check(
        "MLP501",
        "register",
        "error",
        "the registration function has the wrong signature",
        "Define it as `def get_stats_writers(run_options): ...` (one positional parameter).",
    ),
    Check(
        "MLP502",
        "register",
        "error",
        "the registration function raised",
        "Fix the error in the traceback; the host drops the plugin.",
    ),
    Check(
        "MLP503",
        "register",
        "error",
        "the registration result has no len()",
        "Return a list: `return [MyWriter(...)]`, not a generator, a single writer or None.",
    ),
    Check(
        "MLP504",
        "register",
        "error",
        "the result contains something that is not a writer",
        "Return only instances of `mlagents.trainers.stats.StatsWriter` subclasses.",
    ),
    Check(
        "MLP505",
        "register",
        "error",
        "a writer class does not implement write_stats",
        "Implement `write_stats(self, category, values, step)` in the writer class.",
    ),
    Check(
        "MLP506",
        "register",
        "error",
        "registration did not finish in time",
        "Do not block in the registration function; open connections lazily.",
    ),
    Check(
        "MLP507",
        "register",
        "error",
        "registration ended the process",
        "Never call sys.exit/os._exit or raise SystemExit/KeyboardInterrupt while "
        "registering; raise an ordinary exception or return an empty list.",
    ),
    Check(
        "MLP508",
        "register",
        "warning",
        "registration returned an empty list",
        "Return at least one writer, or document why the plugin can be inactive.",
    ),
    Check(
        "MLP509",
        "register",
        "error",
        "the plugin floods stdout",
        "Log through `logging` at DEBUG level instead of printing on every call.",
    ),
    Check(
        "MLP700",
        "run",
        "info",
        "trainer checks that need the real host were not run",
        "Run `mlplugin verify --host PYTHON` with the interpreter of an environment that "
        "has the real mlagents (and torch) installed.",
    ),
    Check(
        "MLP701",
        "register",
        "error",
        "the trainer registration function cannot be called with no arguments",
        "Define it as `def get_trainer_types(): ...` (no parameter); the host calls it with none.",
    ),
    Check(
        "MLP702",
        "register",
        "error",
        "the trainer registration does not return two dicts",
        "Return `({name: TrainerClass}, {name: SettingsClass})`, a tuple of two dicts.",
    ),
    Check(
        "MLP703",
        "register",
        "error",
        "the trainer and settings dicts have different keys",
        "Register every trainer name in both dicts: the host looks the settings up by "
        "`trainer_type` and constructs the trainer by the same name.",
    ),
    Check(
        "MLP704",
        "register",
        "error",
        "a registered trainer or settings value is not a class",
        "Register the classes themselves (`{'a2c': A2CTrainer}`), not instances; the "
        "host constructs them.",
    ),
    Check(
        "MLP705",
        "register",
        "warning",
        "get_trainer_name() differs from the registered name",
        "Register the trainer under `TrainerClass.get_trainer_name()`, or make that "
        "method return the registered name.",
    ),
    Check(
        "MLP706",
        "register",
        "warning",
        "a trainer replaces a built-in trainer (ppo, sac, poca)",
        "Rename the trainer, or declare the override on purpose: "
        '`[tool.mlplugin.verify] overrides = ["ppo"]` in pyproject.toml.',
    ),
    Check(
        "MLP707",
        "static",
        "error",
        "setup.py imports the trainer group constant from mlagents",
        f"Spell the group out as the string {_TRAINER_GROUP!r} instead of importing "
        "ML_AGENTS_TRAINER_TYPE; isolated builds have no mlagents installed.",
    ),
    Check(
        "MLP711",
        "run",
        "error",
        "a trainer settings class is not an attrs hyperparameter settings class",
        "Derive it from `OnPolicyHyperparamSettings` or `OffPolicyHyperparamSettings` "
        "(mlagents.trainers.settings) and decorate it with `@attr.s(auto_attribs=True)`.",
    ),
    Check(
        "MLP712",
        "run",
        "error",
        "a YAML hyperparameters block does not structure into the settings class",
        "Give every field a type cattrs can structure from YAML and a default; the host "
        "builds the settings with TrainerSettings.structure.",
    ),
    Check(
        "MLP713",
        "run",
        "error",
        "a trainer class is not a concrete host Trainer",
        "Derive it from OnPolicyTrainer or OffPolicyTrainer and implement create_policy, "
        "create_optimizer, _process_trajectory and the static get_trainer_name.",
    ),
    Check(
        "MLP714",
        "run",
        "error",
        "TrainerFactory cannot construct the trainer",
        "Keep the host's constructor signature: (behavior_name, reward_buff_cap, "
        "trainer_settings, training, load, seed, artifact_path); fix the error shown.",
    ),
    Check(
        "MLP613",
        "run",
        "error",
        "the contract scenario did not finish",
        "Make write_stats return promptly and never end the process.",
    ),
)


class _Catalog(Mapping[str, Check]):
    """Read-only mapping of check ID to :class:`Check`, completed on first use."""

    def __init__(self, checks: tuple[Check, ...]) -> None:
        self._checks = {c.check_id: c for c in checks}
        self._merged = False

    def _load(self) -> dict[str, Check]:
        if not self._merged:
            self._merged = True
            self._checks.update(_contract_checks())
            self._checks = dict(sorted(self._checks.items()))
        return self._checks

    def __getitem__(self, key: str) -> Check:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def _contract_checks() -> dict[str, Check]:
    """The MLP6xx checks of the contract suite, as catalogue entries."""
    try:
        from reference_core.testing import CHECKS
    except ImportError:  # pragma: no cover - reference_core ships with scaffold
        return {}
    return {
        info.check_id: Check(
            info.check_id,
            "run",
            "warning" if info.check_id in _MACHINE_DEPENDENT else "error",
            info.title,
            info.fix,
        )
        for info in CHECKS.values()
    }


#: Timing depends on the machine verify runs on; a slow writer still works, so these
#: warn (and fail only with --strict).
_MACHINE_DEPENDENT = frozenset({"MLP610"})


#: Every check ID that verify can report, sorted by ID.
CHECK_CATALOG: Mapping[str, Check] = _Catalog(_STATIC)


def check(check_id: str) -> Check:
    """The catalogue entry for ``check_id``; unknown IDs get a generic run-step entry."""
    try:
        return CHECK_CATALOG[check_id]
    except KeyError:
        return Check(check_id, "run", "error", check_id, "")


def finding(
    check_id: str,
    message: str,
    *,
    fix: Optional[str] = None,
    location: Optional[Location] = None,
    detail: Optional[str] = None,
    step: Optional[str] = None,
    title: Optional[str] = None,
) -> Finding:
    """A :class:`Finding` for ``check_id`` with the catalogue's step, severity and fix."""
    entry = check(check_id)
    return Finding(
        check_id=check_id,
        severity=entry.severity,
        step=step or entry.step,
        title=title or entry.title,
        message=message,
        fix=fix or entry.fix,
        location=location,
        detail=truncate_detail(detail),
    )
