"""Packaging for {{ cookiecutter.project_name }}, in the classic setup.py style the ML-Agents docs show.

The entry-point group is written out as a string on purpose: importing
``ML_AGENTS_STATS_WRITER`` from mlagents here fails under isolated builds
(``pip install .``, ``python -m build``), where mlagents is not installed.
"""

from pathlib import Path

from setuptools import find_packages, setup

ML_AGENTS_STATS_WRITER = "mlagents.stats_writer"

setup(
    name={{ cookiecutter.project_name | tojson }},
    version="0.1.0",
    description={{ cookiecutter.description | tojson }},
    long_description=Path("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author={{ cookiecutter.author | tojson }},
    author_email={{ cookiecutter.email | tojson }},
    license={{ cookiecutter.license | tojson }},
    python_requires=">=3.9",
    package_dir={"": "src"},
    packages=find_packages("src"),
    package_data={{ '{' }}{{ cookiecutter.module_name | tojson }}: ["py.typed"]{{ '}' }},
    # mlagents is deliberately not required: mlagents-learn provides it at run time.
    install_requires=[],
    extras_require={"test": ["pytest>=7", "mlplugin>={{ cookiecutter.mlplugin_version }}"]},
    entry_points={
        ML_AGENTS_STATS_WRITER: [
            "{{ cookiecutter.entry_point_name }} = {{ cookiecutter.module_name }}:{{ cookiecutter.registration_function }}",
        ],
    },
)
