"""The planner: one module per app plus the shared pieces; PLANS maps a command's kind to its plan."""

from deskpilot.local.plans.browser import (
    plan_fill,
    plan_goto,
    plan_guess,
    plan_lookup,
    plan_submit,
    plan_toggle,
)
from deskpilot.local.plans.calculator import plan_clear, plan_compute
from deskpilot.local.plans.common import Act, GiveUp, NeedUser, Plan
from deskpilot.local.plans.editor import plan_edit, plan_open_file, plan_save, plan_save_as, plan_type
from deskpilot.local.plans.files import plan_files
from deskpilot.local.plans.general import (
    plan_click,
    plan_close,
    plan_drag,
    plan_focus,
    plan_key,
    plan_open,
    plan_scroll,
    plan_select,
    plan_wait,
    plan_zoom,
)
from deskpilot.local.plans.spreadsheet import plan_cell, plan_sheet

PLANS = {
    "open": plan_open, "focus": plan_focus, "click": plan_click, "key": plan_key, "wait": plan_wait,
    "scroll": plan_scroll, "drag": plan_drag, "select": plan_select, "zoom": plan_zoom, "close": plan_close,
    "goto": plan_goto, "clear": plan_clear, "compute": plan_compute, "type": plan_type, "edit": plan_edit,
    "save": plan_save, "save_as": plan_save_as, "fill": plan_fill, "submit": plan_submit,
    "toggle": plan_toggle, "lookup": plan_lookup, "cell": plan_cell, "sheet": plan_sheet, "files": plan_files, "open_file": plan_open_file, "guess": plan_guess,
}  # fmt: skip
__all__ = ["PLANS", "Act", "GiveUp", "NeedUser", "Plan"]
