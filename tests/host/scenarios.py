"""Scripted scenarios shared by the differential tests (data only)."""

from __future__ import annotations

from typing import Any

NAN = float("nan")
INF = float("inf")
HYPERPARAMETERS = {
    "trainer_type": "ppo",
    "hyperparameters": {"batch_size": 64, "learning_rate": 0.0003, "schedule": "linear"},
    "max_steps": 500000,
}

#: A trainer-like stream: every aggregation method, set_stat vs add_stat, the last
#: aggregation winning, NaN and inf, ints, empty categories, reads of missing keys.
STREAM: list[list[Any]] = [
    ["register"],
    ["add_property", "3DBall", "HYPERPARAMETERS", HYPERPARAMETERS],
    ["add_property", "3DBall", "SELF_PLAY", True],
    ["add_stat", "3DBall", "Environment/Cumulative Reward", 1.5, "HISTOGRAM"],
    ["add_stat", "3DBall", "Environment/Cumulative Reward", 2.5, "HISTOGRAM"],
    ["add_stat", "3DBall", "Environment/Episode Length", 12],
    ["add_stat", "3DBall", "Environment/Episode Length", 15],
    ["add_stat", "3DBall", "Losses/Policy Loss", 0.25, "AVERAGE"],
    ["add_stat", "3DBall", "Policy/Entropy", 1, "AVERAGE"],
    ["add_stat", "3DBall", "Custom/Sum", 2, "SUM"],
    ["add_stat", "3DBall", "Custom/Sum", 3, "SUM"],
    ["add_stat", "3DBall", "Custom/Sum", 4.5, "SUM"],
    ["add_stat", "3DBall", "Custom/IntSum", 2, "SUM"],
    ["add_stat", "3DBall", "Custom/IntSum", 5, "SUM"],
    ["add_stat", "3DBall", "Custom/Recent", 1.0, "MOST_RECENT"],
    ["add_stat", "3DBall", "Custom/Recent", 2.0, "MOST_RECENT"],
    ["set_stat", "3DBall", "Step", 5000.0],
    ["set_stat", "3DBall", "Step", 6000.0],
    ["add_stat", "3DBall", "Custom/NaN", NAN, "AVERAGE"],
    ["add_stat", "3DBall", "Custom/NaN", 1.0],
    ["add_stat", "3DBall", "Custom/Inf", INF, "SUM"],
    ["add_stat", "3DBall", "Custom/Inf", 1.0, "SUM"],
    ["add_stat", "3DBall", "Custom/Switch", 1.0, "SUM"],
    ["add_stat", "3DBall", "Custom/Switch", 2.0, "AVERAGE"],
    ["add_stat", "3DBall", "Is Training", 1.0],
    ["get_stats_summaries", "3DBall", "Never/Added"],
    ["get_stats_summaries", "3DBall", "Custom/Sum"],
    ["state"],
    ["write_stats", "3DBall", 10000],
    ["state"],
    ["write_stats", "Empty", 10000],
    ["add_stat", "Walker?team=0", "Environment/Cumulative Reward", -1.0, "HISTOGRAM"],
    ["set_stat", "Walker?team=0", "Environment/Lesson Number/difficulty", 2],
    ["add_stat", "Walker?team=0", "Is Training", 0.0],
    ["write_stats", "Walker?team=0", 20000],
    ["write_stats", "3DBall", 20000],
    ["add_stat", "3DBall", "Custom/Big", 1e308, "SUM"],
    ["add_stat", "3DBall", "Custom/Big", 1e308, "SUM"],
    ["add_stat", "3DBall", "Custom/NegZero", -0.0, "AVERAGE"],
    ["write_stats", "3DBall", 30000],
    ["set_stat", "3DBall", "Only/NaN", NAN],
    ["write_stats", "3DBall", 40000],
    ["gauges"],
    ["recorder"],
    ["state"],
    ["dirs"],
]

#: Edge cases: odd steps, nested hyperparameters, the console writer's reward line.
EDGES: list[list[Any]] = [
    ["register"],
    ["add_stat", "Edge", "Environment/Cumulative Reward", 1.0, "HISTOGRAM"],
    ["write_stats", "Edge", 2**40],
    ["add_stat", "Edge", "Losses/Value Loss", 0.5],
    ["write_stats", "Edge", 7.5],
    ["add_property", "Edge", "HYPERPARAMETERS", {"nested": {"deeper": {"x": [1, 2]}}}],
    ["add_property", "Edge", "SELF_PLAY", False],
    ["add_stat", "Edge", "Self-play/ELO", 1200.0],
    ["add_stat", "Edge", "Environment/Group Cumulative Reward", 3.0],
    ["add_stat", "Edge", "Environment/Cumulative Reward", 2.0],
    ["write_stats", "Edge", 3],
    ["state"],
    ["dirs"],
    ["gauges"],
]
