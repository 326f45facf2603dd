"""Hypothesis strategies for training YAML files, valid and broken the ways people break them.

A configuration is built as Python data and dumped with PyYAML: behaviours of every
built-in trainer type (and unknown ones), ``default_settings``, hyperparameters with
schedules, network settings with memory and enum values, reward signals of every kind,
self-play, behavioural cloning, ``even_checkpoints``, the legacy ``framework`` key,
run-level sections, samplers and curricula -- with, now and then, a wrong type, an
unknown key or a missing required value. A few raw texts cover YAML that does not
parse or is not a mapping.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st

NAMES = ["3DBall", "Walker"]
LOOKUPS = [*NAMES, "Unlisted"]


def maybe(strategy: st.SearchStrategy[Any], p_missing: int = 1) -> st.SearchStrategy[Any]:
    """The value, or the marker that the key is left out."""
    return st.one_of(*[st.just(MISSING)] * p_missing, strategy)


MISSING = object()
odd = st.sampled_from([None, "seven", [1, 2], {"x": 1}])


def rarely(strategy: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> Any:
    """Mostly ``strategy``, one time in five ``other`` (wrong types, bad names)."""
    return st.one_of(strategy, strategy, strategy, strategy, other)


ints = st.one_of(st.integers(-2, 100000), st.sampled_from([0, 1, 64, 128]))
floats = st.one_of(st.floats(-1e3, 1e6, allow_nan=False), st.sampled_from([0.0, 1.5e5, 2.5]))
number = st.one_of(ints, floats, st.sampled_from(["12", "1e3", True]))
schedule = rarely(st.sampled_from(["constant", "linear"]), st.just("lesson"))


def section(fields: dict[str, st.SearchStrategy[Any]], extra: bool = True) -> Any:
    """A mapping drawing each field (or leaving it out), rarely with an unknown key."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        out = {}
        for key, strategy in fields.items():
            value = draw(maybe(strategy))
            if value is not MISSING:
                out[key] = value
        if extra and draw(st.sampled_from([False] * 15 + [True])):
            out["not_an_option"] = 1
        return out

    return build()


hyperparameters = section(
    {
        "batch_size": rarely(ints, odd),
        "buffer_size": ints,
        "learning_rate": floats,
        "learning_rate_schedule": schedule,
        "beta_schedule": schedule,
        "epsilon_schedule": schedule,
        "beta": floats,
        "num_epoch": number,
        "tau": floats,
        "steps_per_update": number,
        "shared_critic": st.sampled_from([True, "no", 0]),
    }
)
memory = section({"sequence_length": ints, "memory_size": st.one_of(ints, st.just(7))})
network = section(
    {
        "normalize": st.sampled_from([True, False, "false"]),
        "hidden_units": number,
        "vis_encode_type": st.sampled_from(["simple", "resnet", "nature_cnn", "cnn"]),
        "memory": st.one_of(memory, st.none()),
        "goal_conditioning_type": st.sampled_from(["hyper", "none", "film"]),
        "deterministic": st.booleans(),
    }
)
signal = section(
    {
        "gamma": floats,
        "strength": number,
        "encoding_size": ints,
        "learning_rate": floats,
        "network_settings": network,
        "demo_path": st.just("demo.demo"),
    },
    extra=False,
)
reward_signals = st.dictionaries(
    rarely(st.sampled_from(["extrinsic", "curiosity", "gail", "rnd"]), st.just("bonus")),
    signal,
    max_size=3,
)
trainer = section(
    {
        "trainer_type": rarely(st.sampled_from(["ppo", "sac", "poca"]), st.just("dqn")),
        "hyperparameters": hyperparameters,
        "network_settings": rarely(network, odd),
        "reward_signals": rarely(reward_signals, odd),
        "keep_checkpoints": st.one_of(ints, st.just(0)),
        "even_checkpoints": st.booleans(),
        "checkpoint_interval": ints,
        "max_steps": st.one_of(ints, floats, st.just("5.0e5")),
        "time_horizon": number,
        "summary_freq": ints,
        "threaded": st.booleans(),
        "init_path": st.one_of(st.none(), st.just("runs/old")),
        "self_play": section({"save_steps": ints, "team_change": ints, "window": ints}),
        "behavioral_cloning": section({"demo_path": st.just("d.demo"), "steps": ints}),
        "framework": st.just("pytorch"),
    }
)
sampler = st.one_of(
    floats,
    ints,
    st.fixed_dictionaries(
        {
            "sampler_type": st.sampled_from(["uniform", "gaussian", "multirangeuniform", "sobol"]),
            "sampler_parameters": section(
                {
                    "min_value": floats,
                    "max_value": floats,
                    "mean": floats,
                    "st_dev": floats,
                    "intervals": st.lists(st.lists(floats, min_size=1, max_size=3), max_size=2),
                    "seed": ints,
                },
                extra=False,
            ),
        }
    ),
    section({"sampler_type": st.just("uniform")}, extra=False),
)
lesson = section(
    {
        "name": st.sampled_from(["easy", "hard"]),
        "value": sampler,
        "completion_criteria": section(
            {
                "behavior": st.sampled_from(NAMES),
                "measure": st.sampled_from(["reward", "progress", "time"]),
                "threshold": floats,
                "min_lesson_length": ints,
                "signal_smoothing": st.booleans(),
            }
        ),
    },
    extra=False,
)
environment_parameters = st.dictionaries(
    st.sampled_from(["gravity", "scale"]),
    st.one_of(sampler, st.fixed_dictionaries({"curriculum": st.lists(lesson, max_size=3)})),
    max_size=2,
)
config = section(
    {
        "behaviors": rarely(st.dictionaries(st.sampled_from(NAMES), trainer, max_size=2), odd),
        "default_settings": st.one_of(trainer, st.none()),
        "env_settings": section(
            {"num_envs": st.sampled_from([1, 1, 2]), "num_areas": ints, "env_args": odd}
        ),
        "engine_settings": section({"time_scale": number, "no_graphics": st.booleans()}),
        "checkpoint_settings": section(
            {"run_id": st.just("fid"), "resume": st.booleans(), "initialize_from": st.just("a")}
        ),
        "torch_settings": section({"device": st.sampled_from(["cpu", None])}),
        "environment_parameters": st.one_of(environment_parameters, st.none()),
        "debug": st.booleans(),
    },
)
RAW = ["", "- a\n- b\n", "behaviors: [oops\n", "key: value: other\n", "\tbad: tab\n", "42\n"]


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    """One request for the settings servers: the YAML text and the names to look up."""
    if draw(st.integers(0, 30)) == 0:
        text = draw(st.sampled_from(RAW))
    else:
        text = yaml.safe_dump(draw(config), sort_keys=False)
    return {"yaml": text, "lookups": LOOKUPS}
