"""RunOptions and the nested settings: defaults, paths, from_dict, as_dict, YAML loading."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from reference_core import (
    CheckpointSettings,
    MissingDependencyError,
    PPOSettings,
    ReferenceCoreError,
    RunOptions,
    TrainerConfigError,
    TrainerSettings,
    all_trainer_settings,
    all_trainer_types,
    load_run_options,
)
from reference_core._environment_parameters import (
    ConstantSettings,
    EnvironmentParameterSettings,
    Lesson,
)
from reference_core._hyperparameters import RewardSignalType, ScheduleType


@pytest.fixture(autouse=True)
def _no_default_override() -> Any:
    """default_settings live in a class attribute (as upstream): reset it around each test."""
    TrainerSettings.default_override = None
    yield
    TrainerSettings.default_override = None


DEFAULTS = [
    pytest.param("checkpoint_settings.run_id", "ppo", id="run_id"),
    pytest.param("checkpoint_settings.initialize_from", None, id="initialize_from"),
    pytest.param("checkpoint_settings.load_model", False, id="load_model"),
    pytest.param("checkpoint_settings.resume", False, id="resume"),
    pytest.param("checkpoint_settings.force", False, id="force"),
    pytest.param("checkpoint_settings.train_model", False, id="train_model"),
    pytest.param("checkpoint_settings.inference", False, id="inference"),
    pytest.param("checkpoint_settings.results_dir", "results", id="results_dir"),
    pytest.param("env_settings.env_path", None, id="env_path"),
    pytest.param("env_settings.base_port", 5005, id="base_port"),
    pytest.param("env_settings.num_envs", 1, id="num_envs"),
    pytest.param("env_settings.num_areas", 1, id="num_areas"),
    pytest.param("env_settings.timeout_wait", 60, id="timeout_wait"),
    pytest.param("env_settings.seed", -1, id="seed"),
    pytest.param("env_settings.max_lifetime_restarts", 10, id="max_lifetime_restarts"),
    pytest.param("engine_settings.width", 84, id="width"),
    pytest.param("engine_settings.height", 84, id="height"),
    pytest.param("engine_settings.quality_level", 5, id="quality_level"),
    pytest.param("engine_settings.time_scale", 20.0, id="time_scale"),
    pytest.param("engine_settings.target_frame_rate", -1, id="target_frame_rate"),
    pytest.param("engine_settings.capture_frame_rate", 60, id="capture_frame_rate"),
    pytest.param("engine_settings.no_graphics", False, id="no_graphics"),
    pytest.param("torch_settings.device", None, id="device"),
    pytest.param("default_settings", None, id="default_settings"),
    pytest.param("environment_parameters", None, id="environment_parameters"),
    pytest.param("debug", False, id="debug"),
]


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize(("attribute", "expected"), DEFAULTS)
def test_run_options_defaults(attribute: str, expected: object) -> None:
    """RunOptions() has the argparse defaults of mlagents-learn."""
    assert _get(RunOptions(), attribute) == expected


TRAINER_DEFAULTS = [
    pytest.param("trainer_type", "ppo", id="trainer_type"),
    pytest.param("summary_freq", 50000, id="summary_freq"),
    pytest.param("max_steps", 500000, id="max_steps"),
    pytest.param("time_horizon", 64, id="time_horizon"),
    pytest.param("keep_checkpoints", 5, id="keep_checkpoints"),
    pytest.param("checkpoint_interval", 500000, id="checkpoint_interval"),
    pytest.param("threaded", False, id="threaded"),
    pytest.param("hyperparameters.batch_size", 1024, id="batch_size"),
    pytest.param("hyperparameters.buffer_size", 10240, id="buffer_size"),
    pytest.param("hyperparameters.learning_rate", 3.0e-4, id="learning_rate"),
    pytest.param("network_settings.hidden_units", 128, id="hidden_units"),
]


@pytest.mark.parametrize(("attribute", "expected"), TRAINER_DEFAULTS)
def test_behaviors_default_to_trainer_settings(
    attribute: str, expected: object, caplog: pytest.LogCaptureFixture
) -> None:
    """Without a configuration file an unknown behaviour gets default PPO settings (warned)."""
    options = load_run_options()
    assert _get(options.behaviors["Walker"], attribute) == expected
    assert "Walker" in options.behaviors
    assert "does not match any behaviors" in caplog.text


def test_unlisted_behavior_of_a_configuration_file_raises() -> None:
    """With a configuration (and RunOptions() itself) an unlisted behaviour is an error."""
    with pytest.raises(TrainerConfigError, match="behavior name Walker has not been specified"):
        _ = load_run_options({"behaviors": {}}).behaviors["Walker"]
    with pytest.raises(TrainerConfigError):
        _ = RunOptions().behaviors["Walker"]


COERCION = [
    pytest.param({}, 20, int, id="default-stays-int"),
    pytest.param({"engine_settings": {"time_scale": 5}}, 5.0, float, id="yaml-int-becomes-float"),
    pytest.param(
        {"engine_settings": {"time_scale": "2.5"}}, 2.5, float, id="yaml-str-becomes-float"
    ),
]


@pytest.mark.parametrize(("config", "value", "kind"), COERCION)
def test_time_scale_types(config: dict[str, Any], value: float, kind: type) -> None:
    """time_scale defaults to the int 20 (as upstream dumps it); YAML values become floats."""
    time_scale = RunOptions.from_dict(config).as_dict()["engine_settings"]["time_scale"]
    assert (time_scale, type(time_scale)) == (value, kind)


def test_checkpoint_paths() -> None:
    """write_path, run_logs_dir and maybe_init_path join onto results_dir."""
    settings = CheckpointSettings(run_id="r1", results_dir="out")
    assert settings.write_path == str(Path("out") / "r1")
    assert settings.run_logs_dir == str(Path("out") / "r1" / "run_logs")
    assert settings.maybe_init_path is None
    settings.initialize_from = "older"
    assert settings.maybe_init_path == str(Path("out") / "older")


def test_prioritize_resume_init(caplog: pytest.LogCaptureFixture) -> None:
    """With both resume and initialize_from set, resuming wins and a warning is logged."""
    settings = CheckpointSettings(resume=True, initialize_from="older")
    settings.prioritize_resume_init()
    assert settings.initialize_from is None
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    untouched = CheckpointSettings(initialize_from="older")
    untouched.prioritize_resume_init()
    assert untouched.initialize_from == "older"


def test_settings_are_mutable() -> None:
    """Like upstream's attrs classes, settings can be changed after construction."""
    options = RunOptions()
    options.checkpoint_settings.run_id = "changed"
    options.debug = True
    assert (options.checkpoint_settings.run_id, options.debug) == ("changed", True)


FULL_CONFIG: dict[str, Any] = {
    "default_settings": {
        "trainer_type": "ppo",
        "summary_freq": 1000,
        "hyperparameters": {"batch_size": 64},
    },
    "behaviors": {
        "Walker": {"max_steps": 5.0e5, "hyperparameters": {"learning_rate": 0.001}},
    },
    "env_settings": {"env_path": "Build/Env", "num_envs": 2},
    "engine_settings": {"time_scale": 5, "no_graphics": True},
    "checkpoint_settings": {"run_id": "walk", "resume": True, "results_dir": "out"},
    "torch_settings": {"device": "cpu"},
    "environment_parameters": {"gravity": 9.81},
    "debug": True,
}

FROM_DICT = [
    pytest.param("checkpoint_settings.write_path", str(Path("out") / "walk"), id="write_path"),
    pytest.param("checkpoint_settings.resume", True, id="resume"),
    pytest.param("env_settings.num_envs", 2, id="num_envs"),
    pytest.param("engine_settings.time_scale", 5.0, id="float-coerced"),
    pytest.param("engine_settings.no_graphics", True, id="no_graphics"),
    pytest.param("torch_settings.device", "cpu", id="device"),
    pytest.param("debug", True, id="debug"),
    pytest.param(
        "environment_parameters",
        {
            "gravity": EnvironmentParameterSettings(
                curriculum=[Lesson(value=ConstantSettings(value=9.81), name="gravity")]
            )
        },
        id="env-params",
    ),
    pytest.param("default_settings.summary_freq", 1000, id="default-settings"),
]


@pytest.mark.parametrize(("attribute", "expected"), FROM_DICT)
def test_from_dict_values(attribute: str, expected: object) -> None:
    """from_dict structures each section of a full training configuration."""
    assert _get(RunOptions.from_dict(FULL_CONFIG), attribute) == expected


def test_from_dict_behaviors_merge_default_settings() -> None:
    """Behaviours start from default_settings; missing behaviours get a copy of it."""
    behaviors = RunOptions.from_dict(FULL_CONFIG).behaviors
    walker = behaviors["Walker"]
    assert (walker.summary_freq, walker.max_steps) == (1000, 500000)
    assert type(walker.max_steps) is int
    assert walker.hyperparameters == PPOSettings(batch_size=64, learning_rate=0.001)
    unknown = behaviors["Unlisted"]
    assert unknown.summary_freq == 1000
    assert unknown is not behaviors["Walker"]


def test_default_settings_outlive_their_run_options() -> None:
    """Like upstream, default_settings are class-level: a later load still sees them."""
    RunOptions.from_dict(FULL_CONFIG)
    later = RunOptions.from_dict({"behaviors": {"B": {}}})
    assert later.behaviors["B"].summary_freq == 1000
    assert TrainerSettings.default_override is not None


def test_default_ppo_hyperparameters_reach_a_sac_behavior() -> None:
    """PPO default hyperparameters merged under a SAC behaviour are invalid, as upstream."""
    config = {**FULL_CONFIG, "behaviors": {"C": {"trainer_type": "sac"}}}
    with pytest.raises(TrainerConfigError, match=r"beta was specified .* for SACSettings"):
        RunOptions.from_dict(config)


SCHEDULES = [
    pytest.param("ppo", {"learning_rate_schedule": "constant"}, ScheduleType.CONSTANT, id="ppo"),
    pytest.param("poca", {"learning_rate_schedule": "constant"}, ScheduleType.CONSTANT, id="poca"),
    pytest.param("ppo", {}, ScheduleType.LINEAR, id="ppo-default"),
    pytest.param(
        "ppo",
        {"learning_rate_schedule": "constant", "beta_schedule": "linear"},
        ScheduleType.LINEAR,
        id="explicit-wins",
    ),
]


@pytest.mark.parametrize(("trainer", "given", "beta"), SCHEDULES)
def test_learning_rate_schedule_propagates(trainer: str, given: Any, beta: Any) -> None:
    """PPO/POCA: an unset beta schedule follows learning_rate_schedule (enums, not strings)."""
    config = {"behaviors": {"B": {"trainer_type": trainer, "hyperparameters": given}}}
    hyperparameters = RunOptions.from_dict(config).behaviors["B"].hyperparameters
    assert hyperparameters.beta_schedule is beta


def test_even_checkpoints_recompute_the_interval() -> None:
    """even_checkpoints: checkpoint_interval = max_steps / keep_checkpoints."""
    config = {"even_checkpoints": True, "max_steps": 1000, "keep_checkpoints": 4}
    assert TrainerSettings.structure(config).checkpoint_interval == 250


def test_reward_signals_are_keyed_by_enum() -> None:
    """reward_signals keys are RewardSignalType members; encoding_size sets hidden_units."""
    config = {"reward_signals": {"curiosity": {"encoding_size": 64}}}
    signals = TrainerSettings.structure(config).reward_signals
    assert list(signals) == [RewardSignalType.CURIOSITY]
    assert signals[RewardSignalType.CURIOSITY].network_settings.hidden_units == 64


UNKNOWN_KEYS = [
    pytest.param(
        {"wandb": {}}, "The option wandb was specified in your YAML file, but is invalid.", id="top"
    ),
    pytest.param(
        {"checkpoint_settings": {"run": "x"}},
        "The option run was specified in your YAML file for CheckpointSettings, but is invalid.",
        id="checkpoint",
    ),
    pytest.param(
        {"env_settings": {"port": 1}},
        "The option port was specified in your YAML file for EnvironmentSettings, but is invalid.",
        id="env",
    ),
    pytest.param(
        {"engine_settings": {"fps": 1}},
        "The option fps was specified in your YAML file for EngineSettings, but is invalid.",
        id="engine",
    ),
    pytest.param(
        {"behaviors": {"B": {"summary_frequency": 1}}},
        "The option summary_frequency was specified in your YAML file for TrainerSettings, "
        "but is invalid.",
        id="trainer",
    ),
    pytest.param(
        {"behaviors": {"B": {"trainer_type": "ppo", "hyperparameters": {"batch": 1}}}},
        "The option batch was specified in your YAML file for PPOSettings, but is invalid.",
        id="ppo",
    ),
    pytest.param(
        {"behaviors": {"B": {"trainer_type": "a2c"}}},
        "Invalid trainer type a2c was found",
        id="trainer-type",
    ),
    pytest.param(
        {"behaviors": {"B": {"hyperparameters": {"batch_size": 1}}}},
        "Hyperparameters were specified but no trainer_type was given.",
        id="no-trainer-type",
    ),
]


@pytest.mark.parametrize(("config", "message"), UNKNOWN_KEYS)
def test_load_rejects_invalid_options(config: Any, message: str) -> None:
    """Unknown keys and invalid values raise TrainerConfigError with upstream's text."""
    with pytest.raises(TrainerConfigError) as info:
        load_run_options(config)
    assert message in str(info.value)


VALUE_ERRORS = [
    pytest.param({"env_settings": {"num_envs": 2}}, "num_envs must be 1", id="num-envs"),
    pytest.param({"env_settings": {"num_areas": 0}}, "num_areas must be set", id="areas"),
    pytest.param(
        {"behaviors": {"B": {"network_settings": {"vis_encode_type": "cnn"}}}},
        "'cnn' is not a valid EncoderType",
        id="enum",
    ),
]


@pytest.mark.parametrize(("config", "message"), VALUE_ERRORS)
def test_validators_and_enums_raise_value_error(config: Any, message: str) -> None:
    """Environment validators and enum conversion raise ValueError, as upstream."""
    with pytest.raises(ValueError, match=message):
        load_run_options(config)


IGNORED = [
    pytest.param({"wandb": {}}, id="top-level-in-from-dict"),
    pytest.param({"torch_settings": {"gpu": 1}}, id="torch-settings"),
    pytest.param({"behaviors": {"B": {"network_settings": {"layers": 3}}}}, id="network"),
]


@pytest.mark.parametrize("config", IGNORED)
def test_from_dict_ignores_what_upstream_ignores(config: Any) -> None:
    """Classes without upstream's strict hook ignore unknown keys (cattrs' default)."""
    assert isinstance(RunOptions.from_dict(config), RunOptions)


def test_registered_trainer_type_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A trainer type registered by a plugin is valid and uses its settings class."""
    import dataclasses

    @dataclasses.dataclass
    class A2CSettings:
        x: int = 0

    monkeypatch.setitem(all_trainer_types, "a2c", object)
    monkeypatch.setitem(all_trainer_settings, "a2c", A2CSettings)
    settings = RunOptions.from_dict(
        {"behaviors": {"B": {"trainer_type": "a2c", "hyperparameters": {"x": "1"}}}}
    )
    assert settings.behaviors["B"].hyperparameters == A2CSettings(x=1)
    monkeypatch.delitem(all_trainer_settings, "a2c")
    with pytest.raises(TrainerConfigError, match="Settings for trainer type a2c were not found"):
        RunOptions.from_dict({"behaviors": {"B": {"trainer_type": "a2c", "hyperparameters": {}}}})


def test_as_dict_is_plain_data_and_round_trips() -> None:
    """as_dict gives plain nested dicts that from_dict turns back into equal options."""
    options = RunOptions.from_dict(FULL_CONFIG)
    data = options.as_dict()
    assert type(data["behaviors"]) is dict
    assert data["behaviors"]["Walker"]["hyperparameters"]["learning_rate"] == 0.001
    assert data["checkpoint_settings"] == {
        "run_id": "walk",
        "initialize_from": None,
        "load_model": False,
        "resume": True,
        "force": False,
        "train_model": False,
        "inference": False,
        "results_dir": "out",
    }
    ppo_only = {**FULL_CONFIG, "behaviors": {"Walker": FULL_CONFIG["behaviors"]["Walker"]}}
    ppo_options = RunOptions.from_dict(ppo_only)
    TrainerSettings.default_override = None
    assert RunOptions.from_dict(ppo_options.as_dict()).as_dict() == ppo_options.as_dict()
    assert RunOptions.from_dict(RunOptions().as_dict()) == RunOptions()


def test_as_dict_turns_enums_into_values() -> None:
    """Enums become their values, reward-signal keys included, as cattrs does."""
    data = TrainerSettings().as_dict()
    assert data["hyperparameters"]["learning_rate_schedule"] == "linear"
    assert list(data["reward_signals"]) == ["extrinsic"]
    assert data["network_settings"]["vis_encode_type"] == "simple"


YAML_TEXT = """\
behaviors:
  Walker:
    trainer_type: ppo
    max_steps: 1.0e6
checkpoint_settings:
  run_id: yaml-run
  resume: true
  initialize_from: older
"""


def test_load_run_options_sources(tmp_path: Path) -> None:
    """load_run_options reads a path, a str path, YAML text, a mapping, or nothing."""
    path = tmp_path / "config.yaml"
    path.write_text(YAML_TEXT, encoding="utf-8")
    pytest.importorskip("yaml")
    for source in (path, str(path), YAML_TEXT):
        options = load_run_options(source)
        assert options.checkpoint_settings.run_id == "yaml-run"
        assert options.behaviors["Walker"].max_steps == 1000000
        assert options.checkpoint_settings.initialize_from is None  # resume wins
    assert load_run_options({"debug": True}).debug is True
    assert load_run_options() == RunOptions()


def test_load_run_options_errors(tmp_path: Path) -> None:
    """Missing files and malformed YAML raise TrainerConfigError with the host's wording."""
    pytest.importorskip("yaml")
    with pytest.raises(TrainerConfigError, match="Config file could not be found at"):
        load_run_options(tmp_path / "missing.yaml")
    with pytest.raises(TrainerConfigError, match="Error parsing yaml file"):
        load_run_options("behaviors: [\n  unclosed")
    import yaml

    with pytest.raises(yaml.YAMLError):  # a scanner error escapes, as upstream
        load_run_options("\tbad: tab\n")


def test_load_run_options_without_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PyYAML, YAML input raises MissingDependencyError naming the install command."""
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(MissingDependencyError) as info:
        load_run_options("debug: true\n")
    assert "pip install pyyaml" in str(info.value)
    assert isinstance(info.value, (ImportError, ReferenceCoreError))
