"""Adaptive pooling: jaxpool vs PyTorch (CPU, channels_last), one process.

Run from the repository root:

    python benchmarks/adaptive.py            # every op at every shape
    python benchmarks/adaptive.py --quick    # fewer repeats

Flax has no adaptive pooling, so the comparison is with PyTorch only. Each
row: op, shape (channels-last input -> output size), medians in ms of
jaxpool (jit; compile excluded, reported apart) and PyTorch, their ratio.
Timings are interleaved (each repeat runs both once, after a 10 ms pause).
``*_bwd`` rows time the gradient of ``vdot(out, cotangent)``, the cotangent
an argument (a constant one lets XLA fold the work away).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import os
import time

import jax
import jax.numpy as jnp
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import jaxpool.functional as F  # noqa: E402
from run import cpu_name  # noqa: E402

try:
  import torch
except ImportError:
  torch = None

SHAPES = [  # (N, H, W, C) channels-last, output size
    ((32, 30, 30, 256), 7),    # overlapping bins, 7 phases
    ((32, 28, 28, 256), 9),    # bin starts 3i: one strided view each
    ((32, 56, 56, 256), 5),    # wide overlapping bins
    ((16, 50, 50, 128), 17),   # many phases ("gather" layout)
    ((32, 14, 14, 512), 7),    # disjoint bins
    ((32, 7, 7, 2048), 1),     # global pooling
]
OPS = ("avg", "avg_bwd", "max", "max_indices", "max_bwd")


def _jax_op(op, out, cot):
  avg = lambda x: F.adaptive_avg_pool2d(x, out)
  mx = lambda x: F.adaptive_max_pool2d(x, out)
  if op == "avg":
    return jax.jit(avg), ()
  if op == "max":
    return jax.jit(mx), ()
  if op == "max_indices":
    return jax.jit(lambda x: F.adaptive_max_pool2d(x, out, True)), ()
  fn = avg if op == "avg_bwd" else mx
  return jax.jit(jax.grad(lambda x, c: jnp.vdot(fn(x), c))), (cot,)


def _torch_op(op, out, xt, ct):
  tf = torch.nn.functional
  if op == "avg":
    return lambda: tf.adaptive_avg_pool2d(xt, out)
  if op == "max":
    return lambda: tf.adaptive_max_pool2d(xt, out)
  if op == "max_indices":
    return lambda: tf.adaptive_max_pool2d(xt, out, return_indices=True)
  fn = tf.adaptive_avg_pool2d if op == "avg_bwd" else tf.adaptive_max_pool2d
  xg = xt.detach().requires_grad_(True)

  def run():
    xg.grad = None
    fn(xg, out).backward(ct)
  return run


def _median_ms(times):
  return statistics.median(times) * 1e3


def main(argv=None):
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  p.add_argument("--quick", action="store_true")
  args = p.parse_args(argv)
  repeats = 7 if args.quick else 25
  threads = torch.get_num_threads() if torch is not None else None
  print(f"# adaptive pooling, {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} cores ({cpu_name()}), jax "
        f"{jax.__version__}, torch "
        f"{torch.__version__ if torch else '-'} ({threads} threads); "
        f"medians of {repeats}")
  print("| op | shape | jaxpool | torch_cl | /torch_cl | compile |")
  print("|---|---|---|---|---|---|")
  rng = np.random.default_rng(0)
  for shape, out in SHAPES:
    x_np = rng.standard_normal(shape).astype(np.float32)
    x = jnp.asarray(x_np)
    cot_np = rng.standard_normal(
        (shape[0], out, out, shape[3])).astype(np.float32)
    cot = jnp.asarray(cot_np)
    xt = ct = None
    if torch is not None:
      xt = torch.from_numpy(np.moveaxis(x_np, -1, 1).copy()).contiguous(
          memory_format=torch.channels_last)
      ct = torch.from_numpy(np.moveaxis(cot_np, -1, 1).copy()).contiguous(
          memory_format=torch.channels_last)
    for op in OPS:
      fn, extra = _jax_op(op, out, cot)
      t0 = time.perf_counter()
      compiled = fn.lower(x, *extra).compile()
      compile_ms = (time.perf_counter() - t0) * 1e3
      ours = lambda: jax.block_until_ready(compiled(x, *extra))
      theirs = _torch_op(op, out, xt, ct) if torch is not None else None
      ours()
      if theirs:
        theirs()
      t_ours, t_theirs = [], []
      for _ in range(repeats):
        time.sleep(0.01)
        t = time.perf_counter()
        ours()
        t_ours.append(time.perf_counter() - t)
        if theirs:
          time.sleep(0.01)
          t = time.perf_counter()
          theirs()
          t_theirs.append(time.perf_counter() - t)
      a = _median_ms(t_ours)
      b = _median_ms(t_theirs) if t_theirs else None
      name = "x".join(map(str, shape)) + f" -> {out}"
      print(f"| {op} | {name} | {a:.2f} | "
            f"{'' if b is None else f'{b:.2f}'} | "
            f"{'' if b is None else f'{a / b:.2f}'} | {compile_ms:.0f} |")
      sys.stdout.flush()


if __name__ == "__main__":
  main()
