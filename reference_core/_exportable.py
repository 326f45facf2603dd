"""How the settings classes are built from YAML data and turned back into plain data.

Upstream declares its settings with attrs and converts them with cattrs 1.x plus a
few registered hooks. A plugin sees the *result* -- values converted to the declared
types, enums, unknown keys rejected by some classes and silently ignored by others,
the field order of ``as_dict()`` -- so this module reproduces cattrs' rules for the
types the settings use, without attrs or cattrs:

* ``int``/``float``/``str``/``bool`` call the type (``bool("false")`` is ``True``, as
  upstream); enums call the enum (``ValueError`` for an unknown value); ``Optional``
  passes ``None`` through; ``list``/``tuple``/``dict`` convert their items;
* a settings class with a registered hook uses it (``strict_to_cls`` for the classes
  upstream registers it for: unknown keys raise ``TrainerConfigError``); one without a
  hook is built from the keys it knows, ignoring the others, like cattrs' default;
* :func:`unstructure` gives what ``cattr.unstructure`` gives, with fields in attrs'
  order (a field a subclass redefines moves to the end).

How it fails: with the exception types upstream raises (``TrainerConfigError``,
``ValueError`` from enums and validators, ``TypeError`` for a missing required value).
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Mapping
from typing import Any, Callable, TypeVar, Union

from ._errors import TrainerConfigError

_T = TypeVar("_T")
Hook = Callable[[Any, Any], Any]

#: Structure hooks by exact class, and by predicate on the declared type.
HOOKS: dict[Any, Hook] = {}
PREDICATE_HOOKS: list[tuple[Callable[[Any], bool], Hook]] = []
#: Classes unstructured by a hook of their own (samplers), checked with isinstance.
UNSTRUCTURE_HOOKS: list[tuple[type, Callable[[Any], Any]]] = []


def field_names(cls: type) -> list[str]:
    """The fields of a settings class in attrs' order."""
    names = {f.name for f in dataclasses.fields(cls)}
    order: list[str] = []
    for klass in reversed(cls.__mro__):
        # own annotations only (getattr would inherit a base class's on 3.9)
        own = [n for n in klass.__dict__.get("__annotations__", {}) if n in names]  # noqa: RUF063
        order = [n for n in order if n not in own] + own
    return order


def field_types(cls: type) -> dict[str, Any]:
    """The declared (resolved) type of every field.

    Resolved once per class (``typing.get_type_hints`` evaluates every annotation string,
    the larger part of building a ``RunOptions``; ``list`` builds one per plugin).
    """
    resolved = _FIELD_TYPES.get(cls)
    if resolved is None:
        hints = typing.get_type_hints(cls)
        resolved = _FIELD_TYPES[cls] = {name: hints[name] for name in field_names(cls)}
    return dict(resolved)


_FIELD_TYPES: dict[type, dict[str, Any]] = {}


def is_settings_class(value: Any) -> bool:
    return isinstance(value, type) and dataclasses.is_dataclass(value)


def structure(obj: Any, cl: Any) -> Any:  # noqa: PLR0911 - one branch per kind of type
    """``cattr.structure(obj, cl)`` for the types the settings classes declare."""
    hook = HOOKS.get(cl)
    if hook is None:
        hook = next((h for test, h in PREDICATE_HOOKS if test(cl)), None)
    if hook is not None:
        return hook(obj, cl)
    if cl is Any:
        return obj
    if cl in (int, float, str, bool) or (isinstance(cl, type) and issubclass(cl, enum.Enum)):
        return cl(obj)
    origin, args = typing.get_origin(cl), typing.get_args(cl)
    if origin is Union:
        if obj is None:
            return None
        other = [a for a in args if a is not type(None)]
        return structure(obj, other[0])
    if origin is list:
        return [structure(item, args[0]) for item in obj]
    if origin is tuple:
        return tuple(structure(item, kind) for kind, item in zip(args, obj))
    if origin is dict:
        return {structure(k, args[0]): structure(v, args[1]) for k, v in obj.items()}
    if is_settings_class(cl):
        return structure_from_dict(obj, cl)
    raise ValueError(f"Unsupported type: {cl}. Register a structure hook for it.")


def structure_from_dict(obj: Any, cl: type[_T]) -> _T:
    """cattrs' default for a class without a hook: known keys only, others ignored."""
    converted: dict[str, Any] = {}
    for name, kind in field_types(cl).items():
        try:
            value = obj[name]
        except KeyError:
            continue
        converted[name] = structure(value, kind)
    return cl(**converted)


def check_and_structure(key: str, value: Any, class_type: type) -> Any:
    """Reject a key the class does not have, else convert the value to the field type."""
    types = field_types(class_type)
    if key not in types:
        raise TrainerConfigError(
            f"The option {key} was specified in your YAML file for {class_type.__name__}, "
            "but is invalid."
        )
    return structure(value, types[key])


def strict_to_cls(d: Any, t: type[_T]) -> _T:
    """Upstream's strict hook: a mapping whose every key is a field of ``t``."""
    if not isinstance(d, Mapping):
        raise TrainerConfigError(f"Unsupported config {d} for {t.__name__}.")
    d_copy: dict[str, Any] = dict(d)
    for key, val in d_copy.items():
        d_copy[key] = check_and_structure(key, val, t)
    return t(**d_copy)


def unstructure(value: Any) -> Any:  # noqa: PLR0911 - one branch per kind of value
    """``cattr.unstructure``: settings to dicts, enums to values, containers kept."""
    for cls, hook in UNSTRUCTURE_HOOKS:
        if isinstance(value, cls):
            return hook(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: unstructure(getattr(value, name)) for name in field_names(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        pairs = [(unstructure(k), unstructure(v)) for k, v in value.items()]
        if hasattr(value, "default_factory"):  # defaultdict_to_dict, upstream's hook
            return dict(pairs)
        return type(value)(pairs)  # type: ignore[call-arg]
    if isinstance(value, (list, tuple)):
        return type(value)(unstructure(item) for item in value)
    return value


def deep_update_dict(d: dict[str, Any], update_d: Mapping[str, Any]) -> None:
    """``dict.update`` that merges nested mappings (upstream's helper, same semantics)."""
    for key, val in update_d.items():
        if key in d and isinstance(d[key], Mapping) and isinstance(val, Mapping):
            deep_update_dict(d[key], val)
        else:
            d[key] = val


class ExportableSettings:
    """Base of the settings classes that upstream exports with ``as_dict()``."""

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as plain nested data (enums become their values)."""
        result: dict[str, Any] = unstructure(self)
        return result
