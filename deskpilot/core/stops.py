"""Why a run ended."""

COMPLETED = "completed"  # the model finished its turn
INFEASIBLE = "infeasible"  # the model said the task cannot be done (FAIL)
NEEDS_INPUT = "needs_input"  # the model asked the user something
MAX_STEPS, MAX_TIME, MAX_TOKENS, MAX_COST = "max_steps", "max_time", "max_tokens", "max_cost"
STOPPED = "stopped"  # stop(), Ctrl-C or the kill switch
ERROR = "error"  # the provider failed for good
REFUSED = "refused"  # the task was refused before it started
SUCCESS_REASONS = (COMPLETED,)
