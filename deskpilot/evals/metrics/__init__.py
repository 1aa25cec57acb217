"""OSWorld metrics, reimplemented on well-kept format libraries. Each returns a score in [0, 1].

Signatures follow OSWorld: `metric(result, expected, **options)`, or `metric(result, **options)` when the
evaluator has no `expected`. A rule or option we do not implement raises Unsupported (never a wrong 0).
One module per kind of file or app; METRICS maps every metric name the tasks use to its function.
"""

from __future__ import annotations

from deskpilot.evals.metrics import apps, basic, chrome, docs, files, images, media, pdf, slides, table
from deskpilot.evals.metrics.basic import infeasible

METRICS: dict = {}
for _module in (basic, table, docs, slides, pdf, files, images, media, chrome, apps):
    METRICS.update(_module.METRICS)

__all__ = ["METRICS", "infeasible"]
