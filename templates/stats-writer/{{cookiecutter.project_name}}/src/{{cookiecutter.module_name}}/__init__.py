"""{{ cookiecutter.description | py_docstring }}"""

from {{ cookiecutter.module_name }}.writer import (
    {{ cookiecutter.class_name }},
    {{ cookiecutter.registration_function }},
)

__all__ = ["{{ cookiecutter.class_name }}", "{{ cookiecutter.registration_function }}"]
