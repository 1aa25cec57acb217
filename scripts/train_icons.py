"""Train the icon recogniser (a small CNN) on the renders of make_icon_data.py; write numpy weights.

    .venv/bin/python scripts/make_icon_data.py            # runs/icons/data.npz
    .venv/bin/python scripts/train_icons.py [--epochs 16] [--holdout Tango]  # deskpilot/perception/data/icons.npz
    .venv/bin/python scripts/train_icons.py --meanings-only  # after a change to icons.meaning: re-embed only

torch (CPU) is needed here only; deskpilot/perception/icons.py runs the same network in numpy. Each batch
is composited on the fly over a background colour (light, mid-grey toolbar or dark, light strokes for
symbolic icons on dark), randomly shifted and scaled, sometimes blurred or greyed out (a disabled
button), then turned into the network input (icons.to_input: grey levels, normalised per crop).
With --holdout THEME, a first run leaves that theme folder out and prints its accuracy on it (a check of
generalisation to an unseen drawing style); the weights are always trained on every theme.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from deskpilot.perception import semantic
from deskpilot.perception.icons import INPUT, meaning

torch.set_num_threads(2)
sys.path.insert(0, str(Path(__file__).parent))
from make_icon_data import not_icons  # noqa: E402

NEGATIVES = 4000  # crops of text, frames and lines: the "none" class


class Net(nn.Module):
    """conv(1->12) pool conv(12->24) pool conv(24->48) pool fc(48 (INPUT/8)^2 -> 128) fc(128 -> classes)."""

    def __init__(self, classes: int):
        super().__init__()
        self.c1 = nn.Conv2d(1, 12, 3, padding=1)
        self.c2 = nn.Conv2d(12, 24, 3, padding=1)
        self.c3 = nn.Conv2d(24, 48, 3, padding=1)
        self.f1 = nn.Linear(48 * (INPUT // 8) ** 2, 128)
        self.f2 = nn.Linear(128, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2)
        x = F.dropout(F.relu(self.f1(x.flatten(1))), 0.2, self.training)
        return self.f2(x)


def augment(rgba: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """RGBA uint8 (N, 32, 32, 4) -> network input (N, 1, INPUT, INPUT)."""
    n = rgba.shape[0]
    x = rgba.permute(0, 3, 1, 2).float() / 255
    rgb, alpha = x[:, :3], x[:, 3:]
    # background: light (most), toolbar grey, or dark; symbolic-looking (near-black) strokes go light on dark
    kind = torch.rand(n, generator=g)
    level = torch.where(kind < 0.6, 0.85 + 0.15 * torch.rand(n, generator=g),
                        torch.where(kind < 0.85, 0.6 + 0.25 * torch.rand(n, generator=g),
                                    0.1 + 0.2 * torch.rand(n, generator=g)))  # fmt: skip
    tint = 1 + 0.06 * (torch.rand(n, 3, generator=g) - 0.5)
    bg = (level[:, None] * tint).clamp(0, 1)[:, :, None, None].expand(-1, -1, 32, 32)
    dark_stroke = rgb.mean(1, keepdim=True).mul(alpha).sum((2, 3)) / alpha.sum((2, 3)).clamp(min=1) < 0.3
    flip = (level < 0.35)[:, None] & dark_stroke
    rgb = torch.where(flip[:, :, None, None], 1 - rgb * 0.3, rgb)
    greyed = torch.rand(n, generator=g) < 0.15
    alpha = alpha * torch.where(greyed, 0.45, 1.0)[:, None, None, None]
    img = rgb * alpha + bg * (1 - alpha)
    # shift and scale (the crop box is never exactly on the icon)
    scale = 1 + 0.25 * (torch.rand(n, generator=g) - 0.5)
    shift = 0.12 * (torch.rand(n, 2, generator=g) - 0.5)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = scale
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, (n, 3, INPUT, INPUT), align_corners=False)
    img = F.grid_sample(img, grid, padding_mode="border", align_corners=False)
    blur = torch.rand(n, generator=g) < 0.3
    if blur.any():
        k = torch.tensor([0.25, 0.5, 0.25])
        kernel = (k[:, None] * k[None, :]).expand(3, 1, 3, 3)
        soft = F.conv2d(F.pad(img, (1, 1, 1, 1), mode="replicate"), kernel, groups=3)
        img = torch.where(blur[:, None, None, None], soft, img)
    grey = img.mean(1, keepdim=True)
    mean, std = grey.mean((2, 3), keepdim=True), grey.std((2, 3), keepdim=True)
    return (grey - mean) / (std + 0.05)


def train(images, labels, classes: int, epochs: int, seed: int = 0) -> Net:
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    net = Net(classes)
    opt = torch.optim.AdamW(net.parameters(), 2e-3, weight_decay=1e-4)
    steps = epochs * math.ceil(len(images) / 256)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 4e-3, total_steps=steps)
    data, target = torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))
    for epoch in range(epochs):
        net.train()
        order = torch.randperm(len(data), generator=g)
        total = 0.0
        for i in range(0, len(order), 256):
            idx = order[i : i + 256]
            loss = F.cross_entropy(net(augment(data[idx], g)), target[idx], label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        print(f"epoch {epoch + 1}: loss {total / len(data):.3f}", flush=True)
    return net


def accuracy(net: Net, images, labels, meanings: list[str]) -> dict:
    """Top-1 class, and "same meaning" (the top class's meaning text equals the truth's)."""
    net.eval()
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        top = torch.cat([net(augment(torch.from_numpy(images[i : i + 512]), g)).argmax(1)
                         for i in range(0, len(images), 512)]).numpy()  # fmt: skip
    same = [meanings[a] == meanings[b] for a, b in zip(top, labels, strict=True)]
    return {"n": len(labels), "top1": float((top == labels).mean()), "same_meaning": float(np.mean(same))}


def embed_meanings(classes: list[str]) -> np.ndarray:
    """MiniLM vectors of the classes' meanings (icons.meaning), stored with the weights."""
    return semantic.embed([meaning(c) or "none" for c in classes]).astype(np.float16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="runs/icons/data.npz")
    parser.add_argument("--out", default="deskpilot/perception/data/icons.npz")
    parser.add_argument(
        "--epochs", type=int, default=16
    )  # 8 underfit the 14 theme families (loss 4.4 vs 3.5)
    parser.add_argument(
        "--holdout", default="", help="a theme folder to keep out and test on, before the final run"
    )
    parser.add_argument(
        "--meanings-only", action="store_true", help="re-embed --out's meanings (after icons.meaning changed)"
    )
    args = parser.parse_args()
    started = time.time()
    if args.meanings_only:
        old = dict(np.load(args.out))
        old["meanings"] = embed_meanings([str(c) for c in old["classes"]])
        np.savez_compressed(args.out, **old)
        return
    data = np.load(args.data)
    negatives = np.stack([np.asarray(c) for c in not_icons(NEGATIVES, random.Random(0))])
    images = np.concatenate([data["images"], negatives])
    labels = np.concatenate([data["labels"], np.zeros(NEGATIVES, np.int16)])
    themes = np.concatenate([data["themes"], np.array(["none"] * NEGATIVES)])
    classes = [str(c) for c in data["classes"]]
    meanings = [meaning(c) for c in classes]
    if args.holdout:
        held = themes == args.holdout
        net = train(images[~held], labels[~held], len(classes), max(4, args.epochs // 2))
        print(f"held-out theme {args.holdout}: {accuracy(net, images[held], labels[held], meanings)}")
    net = train(images, labels, len(classes), args.epochs)
    weights = {k: v.detach().numpy().astype(np.float16) for k, v in net.state_dict().items()}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, classes=np.array(classes), meanings=embed_meanings(classes), **weights)
    print(f"{len(classes)} classes, {out.stat().st_size / 1e6:.1f} MB, {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
