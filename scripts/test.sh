#!/usr/bin/env bash
# Installs everything the tests need, then runs the linter and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
DESKPILOT_EXTRAS="all,ray,dev" ./scripts/setup.sh
.venv/bin/ruff check deskpilot tests bench scripts
.venv/bin/ruff format --check deskpilot tests bench scripts
.venv/bin/mypy  # the typed seams; strict on deskpilot/core (see [tool.mypy] in pyproject.toml)
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
