"""The host finds the trainer through the ``mlagents.trainer_type`` entry point."""

from importlib.metadata import entry_points

import pytest

from {{ cookiecutter.module_name }} import {{ cookiecutter.registration_function }}

GROUP = "mlagents.trainer_type"
TRAINER_TYPE = "{{ cookiecutter.trainer_type }}"


def test_entry_point_is_declared() -> None:
    """The installed distribution declares the registration function in the host's group."""
    found = [ep for ep in entry_points(group=GROUP) if ep.name == "{{ cookiecutter.entry_point_name }}"]
    assert [ep.value for ep in found] == ["{{ cookiecutter.module_name }}:{{ cookiecutter.registration_function }}"]


def test_registration_returns_two_dicts_with_the_same_keys(registered: dict) -> None:
    """Called with no arguments, it returns ({type: trainer}, {type: settings}), same keys."""
    trainers, settings = {{ cookiecutter.registration_function }}()
    assert TRAINER_TYPE in trainers
    assert set(trainers) == set(settings)


def test_trainer_name_matches_its_key(registered: dict) -> None:
    """get_trainer_name() is the key the host registers the trainer under."""
    trainers, _ = {{ cookiecutter.registration_function }}()
    assert trainers[TRAINER_TYPE].get_trainer_name() == TRAINER_TYPE


@pytest.mark.parametrize("built_in", [pytest.param(n, id=n) for n in ("ppo", "sac", "poca")])
def test_built_in_trainers_stay_registered(registered: dict, built_in: str) -> None:
    """Registering this plugin adds a trainer type and replaces none of the host's."""
    from mlagents.plugins import all_trainer_types

    assert TRAINER_TYPE in registered
    assert all_trainer_types[built_in].get_trainer_name() == built_in
