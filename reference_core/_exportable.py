"""The base of the settings classes: plain-data export and strict construction.

``as_dict`` mirrors ``cattr.unstructure`` and ``structure`` mirrors upstream's
``strict_to_cls`` hook: unknown keys raise :class:`~reference_core.TrainerConfigError`
with the host's text, and scalar values are converted to the field's declared type.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from ._errors import TrainerConfigError

_T = TypeVar("_T", bound="ExportableSettings")


def _unstructure(value: Any) -> Any:
    """Turn settings objects into plain data, as ``cattr.unstructure`` does."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _unstructure(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_unstructure(k): _unstructure(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unstructure(item) for item in value]
    enum_value = getattr(type(value), "_value2member_map_", None)
    if enum_value is not None:
        return value.value
    return value


_SCALARS: dict[str, type] = {"bool": bool, "int": int, "float": float, "str": str}


def _coerce(annotation: object, value: Any) -> Any:
    """Convert a YAML scalar to a field's declared scalar type, as cattrs does.

    Optional fields, containers and ``Any`` keep the value as given.
    """
    kind = _SCALARS.get(str(annotation))
    if kind is None or value is None or isinstance(value, (Mapping, list)):
        return value
    return kind(value)


class ExportableSettings:
    """Base of the settings classes: ``as_dict`` and strict construction from dicts."""

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as plain nested dicts (enums become their values)."""
        result: dict[str, Any] = _unstructure(self)
        return result

    @classmethod
    def structure(cls: type[_T], data: Mapping[str, Any]) -> _T:
        """Build an instance from ``data``, rejecting keys the class does not have."""
        if not isinstance(data, Mapping):
            raise TrainerConfigError(
                f"Unsupported value {data!r} for {cls.__name__}: expected a mapping."
            )
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in fields:
                raise TrainerConfigError(
                    f"The option {key} was specified in your YAML file for {cls.__name__}, "
                    "but is invalid."
                )
            kwargs[key] = _coerce(fields[key].type, value)
        return cls(**kwargs)


def require_mapping(value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TrainerConfigError(
            f"The training configuration must be a mapping, not {type(value).__name__}."
        )
    return value


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into a copy of ``base``."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
