"""The runner's jobs as Ray tasks (`deskpilot eval --ray ADDRESS`, extra `deskpilot[ray]`).

Each Ray task runs `isolated.run_isolated` on some worker node: the same child process per task, time
limit and desktop teardown as a local run, so every worker runs its own desktops. ADDRESS is "local"
(start a Ray instance on this machine), "auto" (the cluster this machine belongs to) or a cluster address
such as ray://head:10001. Worker nodes need deskpilot, the desktop apps and the output path; trajectories
stay on the node that ran the task, records come back to the driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from deskpilot.evals.isolated import failed_record, run_isolated


def run_jobs(jobs: list[dict], parallel: int, address: str) -> Iterator[dict]:
    """Records as the Ray tasks finish; at most `parallel` in flight."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("--ray needs Ray: pip install 'deskpilot[ray]'") from None
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=None if address == "local" else address, log_to_driver=False)
    remote = ray.remote(num_cpus=1, max_retries=0)(run_isolated)
    queue, pending = list(jobs), {}
    try:
        while queue or pending:
            while queue and len(pending) < max(1, parallel):
                job = queue.pop(0)
                pending[remote.remote(job)] = job
            ready, _ = ray.wait(list(pending), num_returns=1)
            job = pending.pop(ready[0])
            try:
                yield ray.get(ready[0])
            except Exception as exc:  # the Ray worker itself died
                yield failed_record(job, "crashed", f"Ray task failed: {type(exc).__name__}: {exc}")
    finally:
        if started_here:
            ray.shutdown()
