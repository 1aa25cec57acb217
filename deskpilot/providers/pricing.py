"""Estimated model prices, for cost budgets and run summaries. Estimates only: check the vendor's price list.

Prices are USD per million tokens. Anthropic bills 5-minute cache writes at 1.25x and cache reads at 0.1x
the input price. Model ids are matched by pattern, so first-party, Bedrock
("us.anthropic.claude-sonnet-4-5-20250929-v1:0") and Vertex ("claude-sonnet-4-5@20250929") ids all work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskpilot.core.turns import Usage


@dataclass(frozen=True)
class Price:
    input: float
    output: float
    cache_write: float
    cache_read: float


def _anthropic(input_price: float, output_price: float) -> Price:
    return Price(input_price, output_price, input_price * 1.25, input_price * 0.1)


# First match wins: the more specific patterns come first.
PRICES: tuple[tuple[re.Pattern, Price], ...] = (
    (re.compile(r"opus-4-[5-9](?!\d)|opus-[5-9]"), _anthropic(5.0, 25.0)),
    (re.compile(r"opus"), _anthropic(15.0, 75.0)),
    (re.compile(r"haiku-4|haiku-[5-9]"), _anthropic(1.0, 5.0)),
    (re.compile(r"3-5-haiku"), _anthropic(0.8, 4.0)),
    (re.compile(r"haiku"), _anthropic(0.25, 1.25)),
    (re.compile(r"sonnet"), _anthropic(3.0, 15.0)),
    # OpenAI lists no cached-input discount for computer-use-preview.
    (re.compile(r"computer-use-preview"), Price(3.0, 12.0, 3.0, 3.0)),
)


def price_for(model: str) -> Price | None:
    """The price of a model id, or None for models without a price (local and self-hosted ones)."""
    for pattern, price in PRICES:
        if pattern.search(model.lower()):
            return price
    return None


def estimate_cost(model: str, usage: Usage) -> float:
    """Estimated USD cost of one call; 0.0 for models without a price."""
    price = price_for(model)
    if price is None:
        return 0.0
    return (
        usage.input_tokens * price.input
        + usage.output_tokens * price.output
        + usage.cache_creation_input_tokens * price.cache_write
        + usage.cache_read_input_tokens * price.cache_read
    ) / 1_000_000
