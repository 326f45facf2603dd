from setuptools import find_packages, setup

setup(
    name="mlagents-sps-writer",
    version="0.1.2",
    description="Report environment steps per second to TensorBoard",
    packages=find_packages(exclude=["tests"]),
    install_requires=["tensorboard"],
    entry_points={
        "mlagents.stats_writer": ["sps=mlagents_sps_writer.sps:get_sps_writer"],
    },
)
