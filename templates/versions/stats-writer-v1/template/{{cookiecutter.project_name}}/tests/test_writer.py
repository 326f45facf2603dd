"""What the {{ cookiecutter.title }} writer writes, step by step."""

import json
import math
import os

from mlagents.trainers.stats import StatsAggregationMethod, StatsPropertyType, StatsReporter

from {{ cookiecutter.module_name }} import (
    {{ cookiecutter.class_name }},
    {{ cookiecutter.registration_function }},
)

Writer = {{ cookiecutter.class_name }}
register = {{ cookiecutter.registration_function }}


def _lines(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_registration_returns_one_writer_under_the_run_directory(run_options):
    """The registration function returns a list holding one writer for this run."""
    writers = register(run_options)
    assert isinstance(writers, list)
    assert [type(w) for w in writers] == [Writer]
    write_path = run_options.checkpoint_settings.write_path
    assert os.path.dirname(writers[0].path) == write_path


def test_every_summary_becomes_one_json_line(run_options, stats_reporter):
    """add_stat values come out as their summary, keyed by category, key and step."""
    writer = register(run_options)[0]
    StatsReporter.add_writer(writer)
    reporter = StatsReporter("Walker")
    reporter.add_stat("Environment/Cumulative Reward", 1.0)
    reporter.add_stat("Environment/Cumulative Reward", 3.0)
    reporter.add_stat("Policy/Entropy", 0.5, StatsAggregationMethod.SUM)
    reporter.add_stat("Policy/Entropy", 0.25, StatsAggregationMethod.SUM)
    reporter.write_stats(5000)

    by_key = {line["key"]: line for line in _lines(writer.path)}
    reward = by_key["Environment/Cumulative Reward"]
    assert (reward["category"], reward["step"]) == ("Walker", 5000)
    assert reward["aggregation"] == "AVERAGE"
    assert (reward["value"], reward["mean"], reward["std"], reward["count"]) == (2.0, 2.0, 1.0, 2)
    assert by_key["Policy/Entropy"]["value"] == 0.75


def test_non_finite_values_are_written_as_null(run_options):
    """NaN and infinity cannot be JSON numbers, so they are recorded as null."""
    writer = register(run_options)[0]
    reporter = StatsReporter("Walker")
    StatsReporter.add_writer(writer)
    try:
        reporter.add_stat("Losses/Value Loss", math.nan)
        reporter.add_stat("Losses/Policy Loss", math.inf)
        reporter.write_stats(1)
    finally:
        StatsReporter.writers.remove(writer)
    values = {line["key"]: line["value"] for line in _lines(writer.path)}
    assert values == {"Losses/Value Loss": None, "Losses/Policy Loss": None}


def test_hyperparameters_are_recorded_once(run_options):
    """A HYPERPARAMETERS property becomes one line holding the settings dict."""
    writer = Writer(os.path.join(run_options.checkpoint_settings.write_path, "p.jsonl"))
    writer.add_property("Walker", StatsPropertyType.HYPERPARAMETERS, {"batch_size": 64})
    assert _lines(writer.path) == [
        {"category": "Walker", "property": "hyperparameters", "value": {"batch_size": 64}}
    ]


def test_a_resumed_run_appends(run_options):
    """With --resume the earlier lines stay; a fresh run starts the file again."""
    first = register(run_options)[0]
    first.write_stats("Walker", {}, 1)
    first.add_property("Walker", StatsPropertyType.SELF_PLAY, True)
    run_options.checkpoint_settings.resume = True
    register(run_options)[0].add_property("Walker", StatsPropertyType.SELF_PLAY, False)
    assert len(_lines(first.path)) == 2
    run_options.checkpoint_settings.resume = False
    register(run_options)
    assert not os.path.exists(first.path)
