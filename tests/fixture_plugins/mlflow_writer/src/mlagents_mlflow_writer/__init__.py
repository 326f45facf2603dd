from mlagents_mlflow_writer.tracking import FileTrackingClient
from mlagents_mlflow_writer.writer import MLflowStatsWriter, get_mlflow_writers

__all__ = ["FileTrackingClient", "MLflowStatsWriter", "get_mlflow_writers"]
