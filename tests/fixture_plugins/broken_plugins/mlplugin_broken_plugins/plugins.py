import sys
from typing import Dict, List

from mlagents.trainers.stats import StatsSummary, StatsWriter


class GoodWriter(StatsWriter):
    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        pass


class OtherWriter(GoodWriter):
    pass


def good(run_options) -> List[StatsWriter]:
    return [GoodWriter()]


def returns_tuple(run_options):
    return (OtherWriter(), GoodWriter())


def returns_generator(run_options):
    yield GoodWriter()


def returns_none(run_options):
    GoodWriter()


def returns_single_writer(run_options):
    return GoodWriter()


def takes_no_arguments():
    return [GoodWriter()]


def calls_sys_exit(run_options):
    sys.exit(3)


def raises_keyboard_interrupt(run_options):
    raise KeyboardInterrupt


def raises_runtime_error(run_options):
    raise RuntimeError("backend unavailable: set MY_PLUGIN_TOKEN")


def returns_dict(run_options):
    return {"writer": GoodWriter()}


def returns_string_element(run_options):
    return ["notawriter"]
