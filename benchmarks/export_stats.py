"""What each platform's program looks like: StableHLO exported for cpu,
cuda and tpu, without any accelerator.

Run from the repository root:

    python benchmarks/export_stats.py
    python benchmarks/export_stats.py --platforms cuda --schedule xla

For each program (float32, channels-last), per platform, under jaxpool's
``auto`` schedule (``--schedule`` forces another): the lines of the exported
StableHLO; its ``case``/``if``/``while`` ops, less the platform choice's
(``lax.platform_dependent`` exported for one platform leaves a ``case`` on a
constant whose regions return only constants, then a ``case`` with one
region: not a run-time branch, so not counted); its ``reduce_window`` and
``custom_call`` ops; and the conditionals left after XLA's optimisation of
that platform's module (compiled here by the CPU compiler, which folds
``case`` ops on constants, so only real conditionals count). The CPU
compiler also rewrites some ops (it expands ``select_and_scatter``), so the
last column is for control flow only, not a judgement of GPU kernels.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter

import jax
import jax.numpy as jnp
from jax import export
from jax._src.interpreters import mlir as jax_mlir
from jax._src.lib.mlir import ir

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import jaxpool  # noqa: E402
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


def is_platform_choice(op) -> bool:
  """The ``case`` ops of ``lax.platform_dependent`` lowered for one
  platform: one on a constant whose branches return constants (the kept
  branch's number), then one with a single branch. (As
  tests/schedules/test_xla.py's check.)"""
  if len(op.regions) == 1:
    return True
  index = op.operands[0].owner
  return getattr(index, "name", None) == "stablehlo.constant" and all(
      [o.name for o in region.blocks[0].operations] == ["stablehlo.return"]
      for region in op.regions)


def op_counts(text: str) -> Counter:
  """How many of each op the StableHLO module ``text`` holds, nested ones
  included, with the platform choice's ``case`` ops left out."""
  counts = Counter()
  with jax_mlir.make_ir_context():
    module = ir.Module.parse(text)

    def visit(op):
      if not (op.name == "stablehlo.case" and is_platform_choice(op)):
        counts[op.name] += 1
      return ir.WalkResult.ADVANCE
    module.operation.walk(visit)
  return counts


def stats(fn, shape, platform: str) -> dict:
  spec = jax.ShapeDtypeStruct(shape, jnp.float32)
  text = export.export(jax.jit(fn), platforms=[platform])(spec).mlir_module()
  optimised = jax.jit(fn).trace(spec).lower(
      lowering_platforms=(platform,)).compile().as_text()
  ops = op_counts(text)
  return {
      "lines": len(text.splitlines()),
      "case/if/while": sum(ops[f"stablehlo.{name}"]
                           for name in ("case", "if", "while")),
      "reduce_window": ops["stablehlo.reduce_window"],
      "custom_call": ops["stablehlo.custom_call"],
      "conditionals": optimised.count(" conditional("),
  }


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--platforms", default=",".join(PLATFORMS))
  parser.add_argument("--schedule", default="auto",
                      choices=("auto", "cpu", "xla"),
                      help="jaxpool's schedule (auto: each platform's own)")
  parser.add_argument("--programs", default=None,
                      help="a comma-separated subset of the programs, by "
                      "number from 1 (default: all)")
  args = parser.parse_args(argv)
  platforms = args.platforms.split(",")
  names = list(PROGRAMS)
  if args.programs:
    names = [names[int(i) - 1] for i in args.programs.split(",")]
  print(f"# exported programs, jax {jax.__version__}, jaxpool schedule "
        f"{args.schedule}")
  print("| program | platform | StableHLO lines | case/if/while | "
        "reduce_window | custom_call | conditionals after optimisation |")
  print("|---|---|---|---|---|---|---|")
  for name in names:
    fn, shape = PROGRAMS[name]
    for platform in platforms:
      # A fresh function per export: the schedule is chosen when tracing,
      # and jit caches traces per function.
      with jaxpool.schedule(args.schedule):
        s = stats(lambda x, fn=fn: fn(x), shape, platform)
      print(f"| {name} | {platform} | {s['lines']} | {s['case/if/while']} | "
            f"{s['reduce_window']} | {s['custom_call']} | "
            f"{s['conditionals']} |", flush=True)


if __name__ == "__main__":
  main()
