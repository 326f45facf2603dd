"""mlagents-learn finds this plugin through its entry point."""

from {{ cookiecutter.module_name }} import (
    {{ cookiecutter.class_name }},
)

ENTRY_POINT = "{{ cookiecutter.entry_point_name }}"
DISTRIBUTION = "{{ cookiecutter.project_name }}"


def test_host_discovery_finds_the_plugin(discover):
    """The installed entry point loads and registers exactly one writer of this plugin."""
    expected = {{ cookiecutter.class_name }}
    # As in mlagents-learn, another installed plugin that is broken is logged and skipped:
    # it is not this plugin's failure (the session summary lists it).
    discovery = discover(strict=False)
    outcome = discovery.outcome(ENTRY_POINT)
    assert outcome.ok, outcome.error_text
    assert outcome.distribution == DISTRIBUTION
    assert [type(w) for w in outcome.writers] == [expected]
    assert any(isinstance(w, expected) for w in discovery.writers)
