"""The agent loop: budgets, retries, events, stopping and follow-up messages."""

from deskpilot.agent.config import RunConfig, RunResult
from deskpilot.agent.loop import Agent
from deskpilot.core.events import Event

__all__ = ["Agent", "Event", "RunConfig", "RunResult"]
