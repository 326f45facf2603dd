"""``environment_parameters``: samplers, curriculum lessons and completion criteria.

Follows ``mlagents.trainers.settings`` 1.1.0: a bare number is a constant sampler; a
mapping names a ``sampler_type`` and its ``sampler_parameters`` (structured strictly);
a mapping with a ``curriculum`` is a list of lessons, every lesson but the last needing
``completion_criteria`` (a criterion on the last one only warns, with
``TrainerConfigWarning``). ``as_dict()`` renders a sampler as
``{"sampler_type": ..., "sampler_parameters": {...}}``, as upstream's unstructure hook.

The parts that talk to a Unity environment (``apply``, ``need_increment``) are not
reproduced: plugins only read these settings.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from enum import Enum
from typing import Any, Optional

from ._errors import TrainerConfigError, TrainerConfigWarning
from ._exportable import HOOKS, PREDICATE_HOOKS, UNSTRUCTURE_HOOKS, strict_to_cls


class ParameterRandomizationType(Enum):
    UNIFORM = "uniform"
    GAUSSIAN = "gaussian"
    MULTIRANGEUNIFORM = "multirangeuniform"
    CONSTANT = "constant"

    def to_settings(self) -> type:
        """The sampler settings class of this type."""
        return {
            ParameterRandomizationType.UNIFORM: UniformSettings,
            ParameterRandomizationType.GAUSSIAN: GaussianSettings,
            ParameterRandomizationType.MULTIRANGEUNIFORM: MultiRangeUniformSettings,
            ParameterRandomizationType.CONSTANT: ConstantSettings,
        }[self]


@dataclasses.dataclass
class ParameterRandomizationSettings:
    seed: int = -1

    @staticmethod
    def structure(d: Any, t: Any = None) -> ParameterRandomizationSettings:
        """A number is a constant; a mapping names its sampler type and parameters."""
        del t
        if isinstance(d, (float, int)):
            return ConstantSettings(value=d)
        if not isinstance(d, Mapping):
            raise TrainerConfigError(f"Unsupported parameter randomization configuration {d}.")
        if "sampler_type" not in d:
            raise TrainerConfigError(f"Sampler configuration does not contain sampler_type : {d}.")
        if "sampler_parameters" not in d:
            raise TrainerConfigError(
                f"Sampler configuration does not contain sampler_parameters : {d}."
            )
        enum_key = ParameterRandomizationType(d["sampler_type"])
        settings: ParameterRandomizationSettings = strict_to_cls(
            d["sampler_parameters"], enum_key.to_settings()
        )
        return settings

    @staticmethod
    def unstructure(d: ParameterRandomizationSettings) -> dict[str, Any]:
        """``{"sampler_type": ..., "sampler_parameters": {...}}`` (tuples become lists)."""
        names = {
            UniformSettings: "uniform",
            GaussianSettings: "gaussian",
            MultiRangeUniformSettings: "multirangeuniform",
            ConstantSettings: "constant",
        }
        sampler_type = next((v for k, v in names.items() if isinstance(d, k)), None)
        return {"sampler_type": sampler_type, "sampler_parameters": _asdict(d)}


def _asdict(value: Any) -> Any:
    """``attr.asdict``: nested settings to dicts, every sequence to a list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _asdict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_asdict(v) for v in value]
    return value


@dataclasses.dataclass
class ConstantSettings(ParameterRandomizationSettings):
    value: float = 0.0


@dataclasses.dataclass
class UniformSettings(ParameterRandomizationSettings):
    min_value: float = 0.0
    max_value: float = 1.0

    def __post_init__(self) -> None:
        if self.min_value > self.max_value:
            raise TrainerConfigError(
                "Minimum value is greater than maximum value in uniform sampler."
            )


@dataclasses.dataclass
class GaussianSettings(ParameterRandomizationSettings):
    mean: float = 1.0
    st_dev: float = 1.0


@dataclasses.dataclass
class MultiRangeUniformSettings(ParameterRandomizationSettings):
    intervals: list[tuple[float, float]] = dataclasses.field(
        default_factory=lambda: [[0.0, 1.0]]  # type: ignore[list-item]
    )

    def __post_init__(self) -> None:
        for interval in self.intervals:
            if len(interval) != 2:
                raise TrainerConfigError(
                    f"The sampling interval {interval} must contain exactly two values."
                )
            min_value, max_value = interval
            if min_value > max_value:
                raise TrainerConfigError(
                    f"Minimum value is greater than maximum value in interval {interval}."
                )


@dataclasses.dataclass
class CompletionCriteriaSettings:
    """When a lesson is complete (no strict hook upstream: unknown keys are ignored)."""

    class MeasureType(Enum):
        PROGRESS = "progress"
        REWARD = "reward"

    behavior: str
    measure: CompletionCriteriaSettings.MeasureType = MeasureType.REWARD
    min_lesson_length: int = 0
    signal_smoothing: bool = True
    threshold: float = 0.0
    require_reset: bool = False

    def __post_init__(self) -> None:
        if self.measure == self.MeasureType.PROGRESS:
            if self.threshold > 1.0:
                raise TrainerConfigError(
                    "Threshold for next lesson cannot be greater than 1 when the measure is "
                    "progress."
                )
            if self.threshold < 0.0:
                raise TrainerConfigError(
                    "Threshold for next lesson cannot be negative when the measure is progress."
                )


@dataclasses.dataclass
class Lesson:
    value: ParameterRandomizationSettings
    name: str
    completion_criteria: Optional[CompletionCriteriaSettings] = None


@dataclasses.dataclass
class EnvironmentParameterSettings:
    curriculum: list[Lesson]

    @staticmethod
    def _check_lesson_chain(lessons: list[Lesson], parameter_name: str) -> None:
        num_lessons = len(lessons)
        for index, lesson in enumerate(lessons):
            if index < num_lessons - 1 and lesson.completion_criteria is None:
                raise TrainerConfigError(
                    "A non-terminal lesson does not have a completion_criteria for "
                    f"{parameter_name}."
                )
            if index == num_lessons - 1 and lesson.completion_criteria is not None:
                warnings.warn(
                    f"Your final lesson definition contains completion_criteria for "
                    f"{parameter_name}.It will be ignored.",
                    TrainerConfigWarning,
                    stacklevel=2,
                )

    @staticmethod
    def structure(d: Any, t: Any = None) -> dict[str, EnvironmentParameterSettings]:
        """Every parameter: a curriculum of lessons, or one lesson with a sampler."""
        del t
        if not isinstance(d, Mapping):
            raise TrainerConfigError(f"Unsupported parameter environment parameter settings {d}.")
        d_final: dict[str, EnvironmentParameterSettings] = {}
        for name, config in d.items():
            if isinstance(config, Mapping) and "curriculum" in config:
                d_final[name] = strict_to_cls(config, EnvironmentParameterSettings)
                EnvironmentParameterSettings._check_lesson_chain(d_final[name].curriculum, name)
            else:
                sampler = ParameterRandomizationSettings.structure(config)
                lesson = Lesson(completion_criteria=None, value=sampler, name=name)
                d_final[name] = EnvironmentParameterSettings(curriculum=[lesson])
        return d_final


HOOKS[Lesson] = strict_to_cls
HOOKS[ParameterRandomizationSettings] = ParameterRandomizationSettings.structure
PREDICATE_HOOKS.append(
    (
        lambda t: t == dict[str, EnvironmentParameterSettings],
        EnvironmentParameterSettings.structure,
    )
)
UNSTRUCTURE_HOOKS.append(
    (ParameterRandomizationSettings, ParameterRandomizationSettings.unstructure)
)
