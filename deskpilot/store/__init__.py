"""Durable trajectories of runs: recording, loading, the HTML report and replay."""

from deskpilot.store.recorder import Recorder
from deskpilot.store.trajectory import Call, Screenshot, Step, Trajectory, TrajectoryError, list_runs, load

__all__ = ["Call", "Recorder", "Screenshot", "Step", "Trajectory", "TrajectoryError", "list_runs", "load"]
