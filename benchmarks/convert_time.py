"""Conversion time of a whole PyTorch model: ``jaxpool.interop.from_torch``
on ResNet-18 (examples/convert_resnet.py's, 11.7M parameters).

Run from the repository root:

    python benchmarks/convert_time.py              # 3 repeats
    python benchmarks/convert_time.py --repeats 5 --size 224

Each repeat is a fresh Python process (the first conversion in a process
is what a user waits for: it includes jaxpool's lazy imports), which times
``import torch``; ``import jax`` and ``jaxpool.interop``; building the
model; then ``from_torch`` for linen (the first conversion, then a second
one), and for NNX, each on an example input of one image. The table gives
the median of each over the repeats, with the range of the first
conversion, and the machine's load average before the run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def child(size: int) -> None:
  """One repeat: the timings as JSON on stdout."""
  sys.path.insert(0, ROOT)
  sys.path.insert(0, os.path.join(ROOT, "examples"))
  t = {}
  start = time.perf_counter()
  import torch
  t["import_torch"] = time.perf_counter() - start
  start = time.perf_counter()
  import jax  # noqa: F401
  from jaxpool.interop import from_torch
  t["import_jaxpool"] = time.perf_counter() - start
  from convert_resnet import resnet18  # type: ignore[import-not-found]
  net = resnet18()
  x = torch.randn(1, 3, size, size)
  t["params"] = sum(p.numel() for p in net.parameters())
  for key, api in (("linen_first", "linen"), ("linen_again", "linen"),
                   ("nnx", "nnx")):
    start = time.perf_counter()
    from_torch(net, x, api=api)
    t[key] = time.perf_counter() - start
  print(json.dumps(t))


def main(argv=None) -> None:
  parser = argparse.ArgumentParser(
      description="Conversion time of ResNet-18 with from_torch.")
  parser.add_argument("--repeats", type=int, default=3)
  parser.add_argument("--size", type=int, default=224)
  parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
  args = parser.parse_args(argv)
  if args.child:
    child(args.size)
    return
  load = os.getloadavg()[0]
  runs = []
  for _ in range(args.repeats):
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--size", str(args.size)],
        capture_output=True, text=True, check=True).stdout
    runs.append(json.loads(out.strip().splitlines()[-1]))
  med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
  first = [r["linen_first"] for r in runs]
  print(f"# from_torch on ResNet-18 ({int(med['params']):,} parameters), "
        f"input 1x3x{args.size}x{args.size}, {os.cpu_count()} cores, load "
        f"{load:.1f}; medians of {args.repeats} fresh processes")
  print("| import torch s | import jax+jaxpool s | from_torch linen s "
        "(first; range) | linen again s | nnx s |")
  print("|---|---|---|---|---|")
  print(f"| {med['import_torch']:.2f} | {med['import_jaxpool']:.2f} | "
        f"{med['linen_first']:.2f} ({min(first):.2f}-{max(first):.2f}) | "
        f"{med['linen_again']:.2f} | {med['nnx']:.2f} |")


if __name__ == "__main__":
  main()
