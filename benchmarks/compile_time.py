"""Compile time of a training step: jaxpool's pooling, per schedule, against
Flax's.

Run from the repository root:

    python benchmarks/compile_time.py            # 3 interleaved repeats
    python benchmarks/compile_time.py --repeats 5
    python benchmarks/compile_time.py --schedules auto,xla

An Inception-style network (GoogLeNet's layout, narrow): a stem with two
max pools, nine inception blocks each with a 3x3 max-pool branch, and two
max-pool reductions between the block groups, 13 pooling layers in all, then
a global average (``jnp.mean`` in both builds) and a linear head. The same
network is built with ``jaxpool.nn.MaxPool2d`` and with
``flax.linen.max_pool`` (same padding, no ceil_mode, which Flax lacks).
jaxpool's build is compiled once per schedule asked for (default ``auto``,
``cpu`` and ``xla``), each traced inside ``jaxpool.schedule(name)``; ``auto``
is what users get: it traces both schedules (``lax.platform_dependent``) and
lowers this platform's.

For every build, each repeat clears JAX's caches, then traces, lowers and
compiles a fresh ``jit`` of one optimiser step (loss, gradient, SGD update),
and times the compiled step (median of 10 calls, compile
excluded); the builds are interleaved, each repeat starting with the next
one. The table gives, per build, the medians over repeats of tracing
plus lowering, of XLA's compilation, their total (with its range over
repeats), the step time, and jaxpool's total compile time and step time
over Flax's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from typing import Callable

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
import jaxpool  # noqa: E402
import jaxpool.nn as jnn  # noqa: E402
from run import cpu_name  # noqa: E402

POOLS = 13  # pooling layers in the network (checked by the test)


def flax_max_pool(kernel: int, stride: int, padding: int) -> Callable:
  pads = ((padding, padding), (padding, padding))
  return lambda x: nn.max_pool(x, (kernel, kernel), (stride, stride), pads)


def jaxpool_max_pool(kernel: int, stride: int, padding: int) -> Callable:
  return jnn.MaxPool2d(kernel, stride, padding)


class Inception(nn.Module):
  """One block: 1x1, 3x3, 5x5 convolutions and a pooled 1x1 branch."""
  width: int
  pool: Callable

  @nn.compact
  def __call__(self, x):
    relu = nn.relu
    b1 = relu(nn.Conv(self.width, (1, 1))(x))
    b2 = relu(nn.Conv(self.width, (3, 3))(relu(nn.Conv(self.width,
                                                       (1, 1))(x))))
    b3 = relu(nn.Conv(self.width, (5, 5))(relu(nn.Conv(self.width,
                                                       (1, 1))(x))))
    b4 = relu(nn.Conv(self.width, (1, 1))(self.pool(3, 1, 1)(x)))
    return jnp.concatenate([b1, b2, b3, b4], axis=-1)


class InceptionNet(nn.Module):
  """GoogLeNet's layout of pooling layers, with narrow convolutions."""
  pool: Callable
  width: int = 8
  classes: int = 10

  @nn.compact
  def __call__(self, x):
    x = nn.relu(nn.Conv(self.width, (7, 7), strides=2)(x))
    x = self.pool(3, 2, 1)(x)
    x = nn.relu(nn.Conv(self.width, (3, 3))(x))
    x = self.pool(3, 2, 1)(x)
    for group, blocks in enumerate((2, 5, 2)):
      if group:
        x = self.pool(3, 2, 1)(x)
      for _ in range(blocks):
        x = Inception(self.width, self.pool)(x)
    return nn.Dense(self.classes)(jnp.mean(x, axis=(1, 2)))


def make_step(model: nn.Module):
  def loss(params, x, y):
    logits = model.apply(params, x)
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits),
                                         y[:, None], axis=1))

  def step(params, x, y):
    value, grads = jax.value_and_grad(loss)(params, x, y)
    params = jax.tree.map(lambda p, g: p - 0.01 * g, params, grads)
    return params, value
  return step


def lower_step(model: nn.Module, params, x, y, schedule: str | None = None):
  """The step traced and lowered under jaxpool's ``schedule`` (None: the
  one requested), from a fresh ``jit``: the schedule is chosen when tracing,
  and jit caches traces per function."""
  step = jax.jit(make_step(model))
  if schedule is None:
    return step.lower(params, x, y)
  with jaxpool.schedule(schedule):
    return step.lower(params, x, y)


def compile_once(model: nn.Module, params, x, y, schedule: str | None = None):
  """Seconds to trace and lower, to compile, and the compiled step."""
  t0 = time.perf_counter()
  lowered = lower_step(model, params, x, y, schedule)
  t1 = time.perf_counter()
  compiled = lowered.compile()
  t2 = time.perf_counter()
  return t1 - t0, t2 - t1, compiled


def step_time(compiled, params, x, y, repeats: int = 10) -> float:
  jax.block_until_ready(compiled(params, x, y))
  times = []
  for _ in range(repeats):
    t0 = time.perf_counter()
    jax.block_until_ready(compiled(params, x, y))
    times.append(time.perf_counter() - t0)
  return statistics.median(times)


def builds(schedules: list[str]) -> dict:
  """Name -> (model, jaxpool schedule or None): jaxpool's network once per
  schedule, then Flax's."""
  out = {f"jaxpool {name}": (InceptionNet(jaxpool_max_pool), name)
         for name in schedules}
  out["flax"] = (InceptionNet(flax_max_pool), None)
  return out


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--repeats", type=int, default=3)
  parser.add_argument("--batch", type=int, default=8)
  parser.add_argument("--size", type=int, default=64)
  parser.add_argument("--schedules", default="auto,cpu,xla",
                      help="jaxpool schedules to compile, comma-separated")
  args = parser.parse_args(argv)
  x = jnp.asarray(np.random.default_rng(0).standard_normal(
      (args.batch, args.size, args.size, 3)).astype(np.float32))
  y = jnp.arange(args.batch) % 10
  models = builds(args.schedules.split(","))
  # One set of parameters: every build has the same layers.
  params = models["flax"][0].init(jax.random.key(0), x)
  results = {name: ([], [], [], []) for name in models}
  names = list(models)
  for i in range(args.repeats):
    # Interleaved, and each repeat starts with another build, so that none
    # is always the first compile after the caches are cleared.
    for name in names[i % len(names):] + names[:i % len(names)]:
      model, schedule = models[name]
      jax.clear_caches()
      trace, comp, compiled = compile_once(model, params, x, y, schedule)
      r = results[name]
      r[0].append(trace)
      r[1].append(comp)
      r[2].append(trace + comp)
      r[3].append(step_time(compiled, params, x, y))
  print(f"# compile time of an Inception-style training step ({POOLS} max "
        f"pools, input {args.batch}x{args.size}x{args.size}x3), "
        f"{time.strftime('%Y-%m-%d')}, {cpu_name()}, jax {jax.__version__}, "
        f"backend {jax.default_backend()} ({jax.devices()[0].device_kind}); "
        f"medians of {args.repeats}")
  print("| pooling | trace+lower s | compile s | total s | total range s | "
        "step ms | total / flax | step / flax |")
  print("|---|---|---|---|---|---|---|---|")
  med = {name: [statistics.median(v) for v in r]
         for name, r in results.items()}
  for name, (trace, comp, total, step) in med.items():
    totals = results[name][2]
    print(f"| {name} | {trace:.2f} | {comp:.2f} | {total:.2f} | "
          f"{min(totals):.2f}-{max(totals):.2f} | {step * 1e3:.1f} | "
          f"{total / med['flax'][2]:.2f} | {step / med['flax'][3]:.2f} |")


if __name__ == "__main__":
  main()
