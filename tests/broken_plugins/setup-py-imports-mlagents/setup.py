# The shipped ml-agents-plugin-examples form: the group constant comes from mlagents,
# which is not installed in an isolated build environment.
from mlagents.plugins import ML_AGENTS_STATS_WRITER
from setuptools import setup

setup(
    name="broken-setup-py-imports-mlagents",
    version="0.1.0",
    packages=["broken_setup_py_imports_mlagents"],
    entry_points={
        ML_AGENTS_STATS_WRITER: ["writer=broken_setup_py_imports_mlagents:get_writers"],
    },
)
