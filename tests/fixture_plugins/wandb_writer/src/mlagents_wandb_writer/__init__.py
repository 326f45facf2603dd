from mlagents_wandb_writer.plugin import WandbStatsWriter, get_wandb_writers

__all__ = ["WandbStatsWriter", "get_wandb_writers"]
