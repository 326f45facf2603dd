"""{{ cookiecutter.description | py_docstring }}"""
{% if cookiecutter.preset in ['mlflow', 'wandb'] %}
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from {{ cookiecutter.module_name }}.writer import (
        {{ cookiecutter.class_name }},
        {{ cookiecutter.registration_function }},
    )

__all__ = ["{{ cookiecutter.class_name }}", "{{ cookiecutter.registration_function }}"]


def __getattr__(name: str) -> Any:
    """Import the writer (and ``mlagents`` with it) on first use, so that
    ``{{ cookiecutter.project_name }}-replay`` also runs where ``mlagents`` is not installed."""
    if name in __all__:
        from {{ cookiecutter.module_name }} import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
{%- else %}
from {{ cookiecutter.module_name }}.writer import (
    {{ cookiecutter.class_name }},
    {{ cookiecutter.registration_function }},
)

__all__ = ["{{ cookiecutter.class_name }}", "{{ cookiecutter.registration_function }}"]
{%- endif %}
