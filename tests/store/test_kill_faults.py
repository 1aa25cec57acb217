"""Runs SIGKILLed at random moments (a small version of bench/bench_kill.py, which does 100): every
trajectory opens in report, replay and the web app, nothing leaks, and `audit verify` raises no alarm."""

from __future__ import annotations

from bench.bench_kill import bench


def test_runs_killed_at_random_moments_leave_nothing_broken_or_behind():
    found = bench(runs=10, max_delay=2.5)
    assert found["failures"] == [], found["failures"]
    assert found["leaking_runs"] == 0 and found["unopenable_trajectories"] == 0
    assert found["with_trajectory"] >= 1 and found["audit_logs_verified"] >= 1
    assert found["replay_failures"] == 0
