import pytest

from deskpilot.core.turns import Usage
from deskpilot.providers.pricing import estimate_cost, price_for


@pytest.mark.parametrize(
    ("model", "input_price", "output_price"),
    [
        ("claude-opus-4-5-20251101", 5.0, 25.0),
        ("claude-opus-4-7", 5.0, 25.0),
        ("claude-opus-4-1-20250805", 15.0, 75.0),
        ("claude-opus-4-20250514", 15.0, 75.0),
        ("claude-sonnet-4-6", 3.0, 15.0),
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", 3.0, 15.0),
        ("claude-3-5-sonnet-v2@20241022", 3.0, 15.0),
        ("claude-haiku-4-5", 1.0, 5.0),
        ("claude-3-5-haiku-20241022", 0.8, 4.0),
        ("computer-use-preview", 3.0, 12.0),
    ],
)
def test_prices_by_model_id(model, input_price, output_price):
    price = price_for(model)
    assert (price.input, price.output) == (input_price, output_price)


def test_cost_counts_cache_writes_and_reads():
    usage = Usage(
        input_tokens=1_000_000,
        output_tokens=100_000,
        cache_creation_input_tokens=200_000,
        cache_read_input_tokens=2_000_000,
    )
    assert estimate_cost("claude-sonnet-4-6", usage) == pytest.approx(3.0 + 1.5 + 0.75 + 0.6)


def test_models_without_a_price_cost_nothing():
    assert price_for("ui-tars-1.5-7b") is None
    assert estimate_cost("qwen2.5vl:7b", Usage(input_tokens=10**6, output_tokens=10**6)) == 0.0
