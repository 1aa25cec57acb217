"""Tokens sent per turn over a scripted 40-turn computer_toolset_20260801 run, with prompt caching and
screenshot pruning (keep the newest 3, prune every 25 turns: the computer-use docs' default) against no
pruning. Prints JSON.

    .venv/bin/python bench/bench_tokens.py [--turns 40] [--model claude-sonnet-5] [--size 1280x800]

The run is real: the agent loop drives a real desktop and the real `anthropic` SDK sends every request to a
local Messages API server that answers each turn with a batch (mouse_move, screenshot). Token counts are
computed from the request bodies deskpilot sent, not reported by an API:
- an image costs ceil(w/28) * ceil(h/28) visual tokens (Anthropic vision docs, "Evaluate image size");
- text and JSON cost len/4 tokens (an estimate; the toolset's definition overhead of ~4,590 tokens on
  Sonnet 5, per the computer-use docs, is added to every request);
- caching follows the docs' rules: a request reads the longest prefix (ending at a block) that an earlier
  request wrote at one of its cache breakpoints, writes up to its own last breakpoint, and pays the rest
  uncached. Cache reads cost 0.1x and writes 1.25x the input price (5-minute cache).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import math
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deskpilot.agent import Agent, RunConfig  # noqa: E402
from deskpilot.desktop import Desktop  # noqa: E402
from deskpilot.providers.anthropic import AnthropicProvider  # noqa: E402

PATCH = 28
TOOLSET_OVERHEAD = 4590  # computer-use docs: declaring the toolset adds about 4,590 tokens on Sonnet 5
READ_PRICE, WRITE_PRICE = 0.1, 1.25  # relative to the base input price


class ScriptedMessages:
    """A local Messages API server: turn i answers with a batch (mouse_move, screenshot); the last says done."""

    def __init__(self, turns: int):
        self.bodies: list[dict] = []
        bench = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                bench.bodies.append(body)
                turn = len(bench.bodies)
                if turn > turns:
                    content = [{"type": "text", "text": "Done."}]
                else:
                    content = [
                        member(f"m{turn}", "mouse_move", {"coordinate": [10 + turn * 7, 20 + turn * 5]}),
                        member(f"s{turn}", "screenshot", {}),
                    ]
                data = json.dumps(
                    {
                        "id": f"msg_{turn}",
                        "type": "message",
                        "role": "assistant",
                        "model": body["model"],
                        "content": content,
                        "stop_reason": "tool_use" if turn <= turns else "end_turn",
                        "stop_sequence": None,
                        "usage": {"input_tokens": 1, "output_tokens": 1},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def member(id: str, name: str, tool_input: dict) -> dict:
    return {
        "type": "tool_use",
        "id": f"toolu_{id}",
        "name": name,
        "input": tool_input,
        "toolset_name": "computer",
    }


def block_tokens(block: dict) -> int:
    """Visual tokens of an image (28x28 patches), len/4 for everything else; nested tool_result content too."""
    if block.get("type") == "image":
        width, height = Image.open(io.BytesIO(base64.b64decode(block["source"]["data"]))).size
        return math.ceil(width / PATCH) * math.ceil(height / PATCH)
    if isinstance(block.get("content"), list):
        rest = {k: v for k, v in block.items() if k not in ("content", "cache_control")}
        return len(json.dumps(rest)) // 4 + sum(block_tokens(part) for part in block["content"])
    return len(json.dumps({k: v for k, v in block.items() if k != "cache_control"})) // 4


def blocks_of(body: dict) -> list[tuple[str, int, bool]]:
    """The request as a sequence of (prefix hash, tokens, breakpoint?) per block, in cache order: tools,
    system, then messages."""
    sequence = [*body.get("tools", []), *body.get("system", [])]
    sequence += [block for message in body["messages"] for block in message["content"]]
    digest, out = hashlib.sha256(), []
    for block in sequence:
        digest.update(
            json.dumps({k: v for k, v in block.items() if k != "cache_control"}, sort_keys=True).encode()
        )
        marked = "cache_control" in block or any(
            "cache_control" in part for part in block.get("content", []) if isinstance(part, dict)
        )
        out.append((digest.hexdigest(), block_tokens(block), marked))
    return out


def account(bodies: list[dict]) -> list[dict]:
    """Per request: images, total input tokens, and the cache read / write / uncached split."""
    written: set[str] = set()
    turns = []
    for index, body in enumerate(bodies, 1):
        blocks = blocks_of(body)
        total = TOOLSET_OVERHEAD + sum(tokens for _, tokens, _ in blocks)
        read_upto = max((i + 1 for i, (h, _, _) in enumerate(blocks) if h in written), default=0)
        marks = [i for i, (_, _, marked) in enumerate(blocks) if marked]
        last = marks[-1] + 1 if marks else 0
        read = (TOOLSET_OVERHEAD if read_upto else 0) + sum(t for _, t, _ in blocks[:read_upto])
        write = sum(t for _, t, _ in blocks[read_upto:last]) + (0 if read_upto else TOOLSET_OVERHEAD)
        written.update(blocks[i][0] for i in marks)
        images = sum(
            1
            for message in body["messages"]
            for block in message["content"]
            for part in (block.get("content") if isinstance(block.get("content"), list) else [])
            if part.get("type") == "image"
        )
        turns.append(
            {
                "turn": index,
                "images": images,
                "input_tokens": total,
                "cache_read": read,
                "cache_write": write,
                "uncached": total - read - write,
                "billed_equivalent": round(
                    read * READ_PRICE + write * WRITE_PRICE + (total - read - write), 1
                ),
            }
        )
    return turns


def run(turns: int, model: str, size: tuple[int, int], keep: int | None) -> dict:
    server = ScriptedMessages(turns)
    os.environ["ANTHROPIC_API_KEY"] = "sk-ant-bench"
    try:
        provider = AnthropicProvider(model, base_url=server.url, only_n_most_recent_images=keep)
        config = RunConfig(max_steps=turns + 2, bash=False, editor=False)
        with Desktop(size=size) as desktop:
            result = Agent(provider, desktop, config).run("Move the pointer around and look.")
    finally:
        server.close()
    per_turn = account(server.bodies)
    totals = {
        key: sum(t[key] for t in per_turn)
        for key in ("input_tokens", "cache_read", "cache_write", "uncached")
    }
    totals["billed_equivalent"] = round(sum(t["billed_equivalent"] for t in per_turn), 1)
    return {
        "reason": result.reason,
        "requests": len(per_turn),
        "scaling_policy": provider.scaling_policy(),
        "keep_images": keep,
        "prune_every": provider.image_chunk if keep else None,
        "max_images_in_a_request": max(t["images"] for t in per_turn),
        "last_turn_input_tokens": per_turn[-1]["input_tokens"],
        "totals": totals,
        "per_turn": per_turn,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--model", default="claude-sonnet-5")
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    pruned = run(args.turns, args.model, size, keep=3)
    unpruned = run(args.turns, args.model, size, keep=None)
    saved = 1 - pruned["totals"]["input_tokens"] / unpruned["totals"]["input_tokens"]
    billed = 1 - pruned["totals"]["billed_equivalent"] / unpruned["totals"]["billed_equivalent"]
    report = {
        "model": args.model,
        "screen": args.size,
        "turns": args.turns,
        "method": "tokens computed from the request bodies deskpilot sent (images: 28x28 patches; text: len/4; "
        "+4590 toolset overhead); caching simulated with the docs' prefix rules",
        "pruning_keep3_every25": pruned,
        "no_pruning": unpruned,
        "input_tokens_saved_by_pruning": round(saved, 3),
        "billed_equivalent_saved_by_pruning": round(billed, 3),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
