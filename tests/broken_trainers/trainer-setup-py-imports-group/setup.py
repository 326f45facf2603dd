from mlagents.plugins import ML_AGENTS_TRAINER_TYPE
from setuptools import setup

setup(
    name="broken-trainer-setup-py-imports-group",
    version="0.1.0",
    packages=["broken_trainer_setup_py_imports_group"],
    entry_points={
        ML_AGENTS_TRAINER_TYPE: ["toy=broken_trainer_setup_py_imports_group:get_trainer_types"]
    },
)
