from setuptools import setup

# setuptools writes entry_points.txt sorted by name, and both hosts load them in that
# order: dict_return, generator, good, import_error, ... zero_arg.
setup(
    name="mlplugin-broken-plugins",
    version="0.0.1",
    packages=["mlplugin_broken_plugins"],
    entry_points={
        "mlagents.stats_writer": [
            "good=mlplugin_broken_plugins.plugins:good",
            "tuple=mlplugin_broken_plugins.plugins:returns_tuple",
            "generator=mlplugin_broken_plugins.plugins:returns_generator",
            "none=mlplugin_broken_plugins.plugins:returns_none",
            "single=mlplugin_broken_plugins.plugins:returns_single_writer",
            "zero_arg=mlplugin_broken_plugins.plugins:takes_no_arguments",
            "sys_exit=mlplugin_broken_plugins.plugins:calls_sys_exit",
            "keyboard_interrupt=mlplugin_broken_plugins.plugins:raises_keyboard_interrupt",
            "raises=mlplugin_broken_plugins.plugins:raises_runtime_error",
            "missing_module=mlplugin_broken_plugins.not_there:register",
            "missing_attr=mlplugin_broken_plugins.plugins:not_defined",
            "import_error=mlplugin_broken_plugins.explodes:register",
            "dict_return=mlplugin_broken_plugins.plugins:returns_dict",
            "not_a_writer=mlplugin_broken_plugins.plugins:returns_string_element",
        ]
    },
)
