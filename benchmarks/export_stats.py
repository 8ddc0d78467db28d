"""What each platform's program looks like: StableHLO exported for cpu,
cuda and tpu, without any accelerator.

Run from the repository root:

    python benchmarks/export_stats.py

For each program (float32, channels-last), per platform: the lines of the
exported StableHLO, its ``case``/``if``/``while`` ops, ``reduce_window`` ops,
and the conditionals left after XLA's optimisation of that platform's module
(compiled here by the CPU compiler: ``stablehlo.case`` ops with a constant
index, which a platform-dependent choice leaves, are folded away there, so
only real conditionals count). The CPU compiler also rewrites some ops
(it expands ``select_and_scatter``), so the last column is for control flow
only, not a judgement of GPU kernels.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

import jax
import jax.numpy as jnp
from jax import export

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import jaxpool.functional as F  # noqa: E402

A2 = (8, 56, 56, 64)
A3 = (2, 16, 28, 28, 32)


def _grad(fn):
  return jax.grad(lambda x: jnp.sum(fn(x)))


def _unpool(x):
  y, idx = F.max_pool2d(x, 3, 2, 1, return_indices=True)
  return F.max_unpool2d(y, idx, 3, 2, 1, output_size=x.shape[1:3])


PROGRAMS = {
    "grad of max_pool2d k3 s2 p1": (_grad(lambda x: F.max_pool2d(x, 3, 2, 1)),
                                    A2),
    "grad of max_pool3d k3 s2 p1": (_grad(lambda x: F.max_pool3d(x, 3, 2, 1)),
                                    A3),
    "grad of avg_pool2d k3 s2 p1": (_grad(lambda x: F.avg_pool2d(x, 3, 2, 1)),
                                    A2),
    "max_pool2d with indices, forward": (
        lambda x: F.max_pool2d(x, 3, 2, 1, return_indices=True), A2),
    "max_pool2d indices -> max_unpool2d": (_unpool, A2),
    "grad of adaptive_avg_pool2d to 7": (
        _grad(lambda x: F.adaptive_avg_pool2d(x, 7)), A2),
}

PLATFORMS = ("cpu", "cuda", "tpu")


def stats(fn, shape, platform: str) -> dict:
  spec = jax.ShapeDtypeStruct(shape, jnp.float32)
  text = export.export(jax.jit(fn), platforms=[platform])(spec).mlir_module()
  optimised = jax.jit(fn).trace(spec).lower(
      lowering_platforms=(platform,)).compile().as_text()
  return {
      "lines": len(text.splitlines()),
      "case/if/while": len(re.findall(r"stablehlo\.(case|if|while)\b", text)),
      "reduce_window": len(re.findall(r"stablehlo\.reduce_window\b", text)),
      "conditionals": optimised.count(" conditional("),
  }


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--platforms", default=",".join(PLATFORMS))
  args = parser.parse_args(argv)
  platforms = args.platforms.split(",")
  print(f"# exported programs, jax {jax.__version__}")
  print("| program | platform | StableHLO lines | case/if/while | "
        "reduce_window | conditionals after optimisation |")
  print("|---|---|---|---|---|---|")
  for name, (fn, shape) in PROGRAMS.items():
    for platform in platforms:
      s = stats(fn, shape, platform)
      print(f"| {name} | {platform} | {s['lines']} | {s['case/if/while']} | "
            f"{s['reduce_window']} | {s['conditionals']} |", flush=True)


if __name__ == "__main__":
  main()
