import os
from typing import Any, Callable, Dict, List, Optional

from mlagents_envs.logging_util import get_logger
from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import (
    StatsAggregationMethod,
    StatsPropertyType,
    StatsSummary,
    StatsWriter,
)

logger = get_logger(__name__)


def default_client_factory() -> Any:
    """Return the client module. ``wandb`` is imported only here, never at import time.

    Without wandb installed the writer records locally instead of failing in the middle
    of training (``pip install mlagents-wandb-writer[wandb]`` enables the real upload).
    """
    if os.environ.get("MLAGENTS_WANDB_CLIENT") != "fake":
        try:
            import wandb
        except ImportError:
            logger.warning(
                "wandb is not installed; recording summaries locally in the run directory"
            )
        else:
            return wandb
    from mlagents_wandb_writer.fake import FakeClient

    return FakeClient()


class WandbStatsWriter(StatsWriter):
    """Sends every summary to one wandb run per category."""

    def __init__(
        self,
        project: str,
        run_id: str,
        log_dir: str,
        client: Any = None,
        client_factory: Optional[Callable[[], Any]] = None,
    ):
        self.project = project
        self.run_id = run_id
        self.log_dir = log_dir
        self._client = client
        self._client_factory = client_factory or default_client_factory
        self._runs: Dict[str, Any] = {}
        self._pending_config: Dict[str, Dict[str, Any]] = {}

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = self._client_factory()
        return self._client

    def _run(self, category: str) -> Any:
        if category not in self._runs:
            run = self.client.init(
                project=self.project,
                name=f"{self.run_id}-{category}",
                group=self.run_id,
                dir=os.path.join(self.log_dir, "wandb", category),
                reinit=True,
            )
            config = self._pending_config.pop(category, None)
            if config:
                run.config_update(config)
            self._runs[category] = run
        return self._runs[category]

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        if not values:
            return
        data: Dict[str, Any] = {}
        for key, summary in values.items():
            data[key] = float(summary.aggregated_value)
            if summary.aggregation_method == StatsAggregationMethod.HISTOGRAM:
                data[f"{key}_hist"] = self.client.Histogram(summary.full_dist)
        self._run(category).log(data, step=step)

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        if property_type == StatsPropertyType.HYPERPARAMETERS and isinstance(value, dict):
            if category in self._runs:
                self._runs[category].config_update(value)
            else:
                self._pending_config.setdefault(category, {}).update(value)


def get_wandb_writers(run_options: RunOptions) -> List[StatsWriter]:
    from mlagents.plugins import ML_AGENTS_STATS_WRITER

    checkpoint_settings = run_options.checkpoint_settings
    project = os.environ.get("WANDB_PROJECT", "ml-agents")
    logger.debug(f"{ML_AGENTS_STATS_WRITER}: wandb writer for project {project}")
    return [WandbStatsWriter(project, checkpoint_settings.run_id, checkpoint_settings.write_path)]
