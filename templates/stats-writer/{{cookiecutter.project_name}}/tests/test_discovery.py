"""mlagents-learn finds this plugin through its entry point."""

from {{ cookiecutter.module_name }} import {{ cookiecutter.class_name }}


def test_host_discovery_finds_the_plugin(discover):
    """The installed entry point loads and registers one {{ cookiecutter.class_name }}."""
    discovery = discover(strict=True)
    outcome = discovery.outcome("{{ cookiecutter.entry_point_name }}")
    assert outcome.ok, outcome.error_text
    assert outcome.distribution == "{{ cookiecutter.project_name }}"
    assert [type(w) for w in outcome.writers] == [{{ cookiecutter.class_name }}]
    assert any(isinstance(w, {{ cookiecutter.class_name }}) for w in discovery.writers)
