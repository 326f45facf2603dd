"""Step 1, static: what the packaging files declare, checked without building anything.

The packaging reader (:mod:`reference_core._packaging`) says what the build backend would
declare; this module turns its problems and the declarations into findings. Verify
classifies a project by the host groups it declares (:func:`declared_kinds`): a
stats-writer plugin, a trainer plugin, or both; with none, it is checked as a stats
writer (the default kind), which is what MLP101 names.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Optional

from reference_core._declared import Declaration, PackagingProblem, Requirement
from reference_core._kinds import (
    HOST_GROUPS,
    PLUGIN_KINDS,
    STATS_WRITER,
    TRAINER_TYPE,
    PluginKind,
)
from reference_core._near import did_you_mean, near_host_group, suggestion
from reference_core._packaging import ProjectPackaging, read_packaging

from .._source_tree import find_module, module_names, source_roots, top_level_names
from ._catalog import finding
from ._model import Finding, Location
from ._requirements import HOST_PROVIDED, requirement_name

#: The plugin kind a project that declares no host group is checked as.
KIND = STATS_WRITER


def declared_kinds(declarations: Sequence[Declaration]) -> tuple[PluginKind, ...]:
    """The kinds whose groups ``declarations`` use, in the host's order (stats writer if none)."""
    groups = {d.group for d in declarations}
    return tuple(PLUGIN_KINDS[g] for g in HOST_GROUPS if g in groups) or (KIND,)


def _ours(declarations: Sequence[Declaration]) -> list[Declaration]:
    return [d for d in declarations if d.group in HOST_GROUPS]


# importlib.metadata.EntryPoint.pattern, with the attribute made mandatory: the host
# calls what load() returns, and a module object is not callable.
_VALUE = re.compile(
    r"^(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?P<extras>\[[^\]]*\])?\s*$"
)
_PROBLEM_IDS = {
    "invalid-toml": (
        "MLP100",
        "Fix the TOML syntax (a key written twice in one table is an error too).",
    ),
    "invalid-setup-cfg": ("MLP100", "Fix the INI syntax of setup.cfg."),
    "unreadable": ("MLP100", None),
    "setup-py-syntax": ("MLP105", "Fix the syntax error in setup.py."),
    "setup-py-imports-host": ("MLP104", None),
    "setup-py-imports-trainer-group": ("MLP707", None),
    "computed-entry-points": ("MLP105", None),
    "conflict": ("MLP111", None),
}


@dataclasses.dataclass(frozen=True)
class EntryPointSpec:
    """A syntactically valid ``module:attr`` value, split up."""

    module: str
    attr: str


def parse_value(value: str) -> tuple[Optional[EntryPointSpec], str]:
    """Split an entry-point value, or explain why it is not ``module.path:attr``."""
    match = _VALUE.match(value.strip())
    if match is None:
        hint = ""
        if "/" in value or value.endswith(".py"):
            hint = "; use a dotted module path, not a file path"
        return None, f"{value!r} is not `module.path:attr` syntax{hint}"
    module, attr = match.group("module"), match.group("attr")
    parts = module.split(".")
    if not all(p.isidentifier() for p in parts):
        return None, f"{value!r}: {module!r} is not a dotted module path of identifiers"
    if attr is None:
        if len(parts) > 1:
            guess = ".".join(parts[:-1]) + ":" + parts[-1]
            return None, f"{value!r} has no `:function` part (did you mean {guess!r}?)"
        return None, f"{value!r} names a module but no function; add `:function`"
    if not all(p.isidentifier() for p in attr.split(".")):
        return None, f"{value!r}: {attr!r} is not a dotted attribute name"
    return EntryPointSpec(module, attr), ""


@dataclasses.dataclass(frozen=True)
class StaticResult:
    """Findings of the static step and what the later steps need."""

    info: ProjectPackaging
    findings: tuple[Finding, ...]
    declarations: tuple[Declaration, ...]


def problem_findings(problems: tuple[PackagingProblem, ...]) -> list[Finding]:
    """The packaging reader's problems as findings."""
    out = []
    for problem in problems:
        code = problem.code
        if code == "setup-py-imports-host" and "ML_AGENTS_TRAINER_TYPE" in problem.message:
            code = "setup-py-imports-trainer-group"  # the trainer group's constant: MLP707
        check_id, fix = _PROBLEM_IDS[code]
        out.append(finding(check_id, problem.message, location=problem.location, fix=fix))
    return out


def check_project(root: Path) -> StaticResult:
    """Run every static check on the project at ``root``."""
    info = read_packaging(root)
    findings = problem_findings(info.problems)
    if not info.sources:
        findings.append(
            finding(
                "MLP100",
                f"no pyproject.toml, setup.cfg or setup.py in {root}",
                location=Location(str(root)),
            )
        )
        return StaticResult(info, tuple(findings), ())
    ours = tuple(_ours(info.declarations))
    findings += group_findings(
        info.declarations, ", ".join(info.sources), unreadable=info.unreadable
    )
    findings += _duplicate_findings(ours)
    roots = source_roots(root, info.package_dirs)
    for declaration in ours:
        findings += _value_findings(declaration, roots)
    findings += host_dependency_findings(info.requirements)
    return StaticResult(info, tuple(findings), ours)


def check_declared(
    declarations: Sequence[Declaration], requirements: Sequence[Requirement], where: str
) -> list[Finding]:
    """The static checks that apply to built metadata (a wheel or an installed dist)."""
    ours = _ours(declarations)
    findings = group_findings(declarations, where, unreadable=False)
    findings += _duplicate_findings(ours)
    for declaration in ours:
        spec, problem = parse_value(declaration.value)
        if spec is None:
            findings.append(
                finding(
                    "MLP103",
                    f"entry point {declaration.name!r}: {problem}",
                    location=declaration.location,
                )
            )
    return findings + host_dependency_findings(requirements)


def group_findings(
    declarations: Sequence[Declaration], where: str, *, unreadable: bool, step: str = "static"
) -> list[Finding]:
    """MLP102 for every near-miss group, MLP101 when no host group is declared at all."""
    ours = _ours(declarations)
    near = [
        (d, near_host_group(d.group, HOST_GROUPS))
        for d in declarations
        if d.group not in HOST_GROUPS and near_host_group(d.group, HOST_GROUPS) in HOST_GROUPS
    ]
    out = [
        finding(
            "MLP102",
            f"entry point {d.name!r} is in group {d.group!r}, which the host never reads "
            f"(did you mean {group!r}?)",
            location=d.location,
            step=step,
        )
        for d, group in near
    ]
    if not ours and not near and not unreadable:
        groups = sorted({d.group for d in declarations})
        seen = f" (groups found: {', '.join(groups)})" if groups else ""
        out.append(
            finding(
                "MLP101",
                f"no entry point in group {KIND.group!r} (nor in {HOST_GROUPS[1]!r}) "
                f"in {where}{seen}",
                location=Location(where.split(", ", maxsplit=1)[0]),
                step=step,
            )
        )
    return out


def _duplicate_findings(ours: Sequence[Declaration]) -> list[Finding]:
    out: list[Finding] = []
    first: dict[tuple[str, str], Declaration] = {}
    for declaration in ours:
        key = (declaration.group, declaration.name)
        if key in first:
            earlier = first[key]
            out.append(
                finding(
                    "MLP109",
                    f"entry point {declaration.name!r} is declared again (first at "
                    f"{earlier.location}); only one of them reaches the host",
                    location=declaration.location,
                )
            )
        else:
            first[key] = declaration
    return out


def _value_findings(declaration: Declaration, roots: list[Path]) -> list[Finding]:
    spec, problem = parse_value(declaration.value)
    if spec is None:
        return [
            finding(
                "MLP103",
                f"entry point {declaration.name!r}: {problem}",
                location=declaration.location,
            )
        ]
    module_file = find_module(roots, spec.module)
    if module_file is None:
        hint = suggestion(spec.module, module_names(roots))
        return [
            finding(
                "MLP106",
                f"entry point {declaration.name!r}: module {spec.module!r} is not in the "
                f"source tree{hint}",
                location=declaration.location,
            )
        ]
    if module_file.is_dir():
        return []  # a namespace package: nothing to read statically
    names = top_level_names(module_file)
    first = spec.attr.split(".")[0]
    if names is None or first in names:
        return []
    best = did_you_mean(first, {n for n in names if not n.startswith("_")} or names)
    hint = f" (did you mean {best!r}?)" if best else ""
    root = next((r for r in roots if r in module_file.parents), module_file.parent)
    return [
        finding(
            "MLP107",
            f"entry point {declaration.name!r}: {spec.module!r} defines no {first!r}{hint}",
            location=declaration.location,
            detail=f"module file: {module_file.relative_to(root.parent) if root else module_file}",
        )
    ]


def host_dependency_findings(requirements: Sequence[Requirement]) -> list[Finding]:
    """MLP108 for each host-provided package among the runtime requirements."""
    out: list[Finding] = []
    for requirement in requirements:
        name = requirement_name(requirement.text)  # None when packaging cannot parse it
        if name in HOST_PROVIDED:
            out.append(
                finding(
                    "MLP108",
                    f"{requirement.text!r} is a runtime dependency, but the trainer provides "
                    f"{name}; installing the plugin would pull it (and its pins) in",
                    location=requirement.location,
                )
            )
    return out


def override_findings(
    facts: Sequence[Mapping[str, Any]],
    verify_config: Mapping[str, Any],
    declarations: Sequence[Declaration],
) -> list[Finding]:
    """MLP706 for each registered trainer named like a built-in one and not declared."""
    allowed = set(verify_config.get("overrides", ()))
    trainers = [d for d in declarations if d.group == TRAINER_TYPE.group]
    location = trainers[0].location if trainers else None
    if not any("trainer_type" in f for f in facts):
        return []
    from reference_core._trainer_kind import BUILTIN_TRAINERS  # settings: only for trainers

    return [
        finding(
            "MLP706",
            f"the plugin registers a trainer named {name!r}, which replaces the host's "
            f"built-in {name!r} trainer for every config that uses it (or is replaced by "
            "it, when mlagents' own entry point is read after the plugin's)",
            location=location,
            step="register",
        )
        for name in sorted({str(f["trainer_type"]) for f in facts if "trainer_type" in f})
        if name in BUILTIN_TRAINERS and name not in allowed
    ]
