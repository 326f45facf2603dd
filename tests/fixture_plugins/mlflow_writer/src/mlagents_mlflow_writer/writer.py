import os
from typing import Any, Dict, List

from mlagents_envs.logging_util import get_logger
from mlagents.trainers.settings import RunOptions
from mlagents.trainers.stats import StatsPropertyType, StatsSummary, StatsWriter

from mlagents_mlflow_writer.tracking import FileTrackingClient

logger = get_logger(__name__)


def _flatten(prefix: str, value: Any, out: Dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    else:
        out[prefix] = value


class MLflowStatsWriter(StatsWriter):
    def __init__(self, client: Any, run_prefix: str):
        self.client = client
        self.run_prefix = run_prefix
        self.runs: Dict[str, str] = {}

    def _run_id(self, category: str) -> str:
        if category not in self.runs:
            run_id = self.client.create_run(f"{self.run_prefix}-{category}")
            self.client.set_tag(run_id, "mlagents.behavior", category)
            self.runs[category] = run_id
        return self.runs[category]

    def write_stats(self, category: str, values: Dict[str, StatsSummary], step: int) -> None:
        run_id = self._run_id(category)
        for key, summary in values.items():
            self.client.log_metric(run_id, key, summary.aggregated_value, step=step)
            if summary.num > 1:
                self.client.log_metric(run_id, f"{key}/std", summary.std, step=step)

    def add_property(self, category: str, property_type: StatsPropertyType, value: Any) -> None:
        run_id = self._run_id(category)
        if property_type == StatsPropertyType.HYPERPARAMETERS:
            flat: Dict[str, Any] = {}
            _flatten("", value, flat)
            for key in sorted(flat):
                self.client.log_param(run_id, key, flat[key])
        elif property_type == StatsPropertyType.SELF_PLAY:
            self.client.set_tag(run_id, "self_play", value)


def get_mlflow_writers(run_options: RunOptions) -> List[StatsWriter]:
    settings = run_options.checkpoint_settings
    root = os.environ.get("MLFLOW_TRACKING_DIR") or os.path.join(settings.write_path, "mlruns")
    logger.debug(f"MLflow file store at {root}")
    return [MLflowStatsWriter(FileTrackingClient(root), settings.run_id)]
