"""Compile time of training steps: jaxpool's pooling, per schedule, against
Flax's, each measured in a fresh process.

Run from the repository root:

    python benchmarks/compile_time.py                # 5 repeats, 3 networks
    python benchmarks/compile_time.py --repeats 3 --nets vgg,resnet
    python benchmarks/compile_time.py --schedules auto,xla

Three networks, each built twice from the same layers: with jaxpool's
``jaxpool.nn`` pooling and with ``flax.linen``'s (same padding; no
ceil_mode, which Flax lacks):

- ``inception``: GoogLeNet's layout, narrow: a stem with two max pools,
  nine inception blocks each with a 3x3 max-pool branch and two max-pool
  reductions between the block groups (13 max pools, k3 s2 p1 and k3 s1 p1),
  then a global mean and a linear head. Input 8x64x64x3.
- ``vgg``: four blocks of two 3x3 convolutions, each block ending in a k2 s2
  max pool, then a final 4x4 average pool and a linear head. Input
  8x64x64x3.
- ``resnet``: ResNet's stem, a 7x7/2 convolution to 64 channels, then its
  k3 s2 p1 max pool on the 56x56x64 map, two residual blocks (two 3x3
  convolutions each), a global mean and a linear head. Input 8x112x112x3.

jaxpool's build is compiled once per schedule asked for (default ``auto``,
``cpu`` and ``xla``), traced inside ``jaxpool.schedule(name)``; ``auto`` is
what users get.

Every measurement runs in a process of its own (this script, with
``--child``), so that no trace, compilation or lowering cache survives from
another build, and JAX's persistent compilation cache is off. The child
initialises the parameters, clears JAX's caches, then traces
(``jit(step).trace``), lowers and compiles one optimiser step (loss,
gradient, SGD update) and times the compiled step (median of 10 calls).
Repeats are interleaved: each repeat runs every build of every network once,
each repeat starting with the next build. The table gives per build the
medians over repeats of tracing, lowering and XLA's compilation (wall
seconds), their total with its range over repeats, the CPU seconds the
process spent on the three (less sensitive to other load on the machine
than wall time), the step time, and the total, CPU and step time over
Flax's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
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

POOLS = 13  # max-pooling layers of the Inception-style network (tested)


def flax_max_pool(kernel: int, stride: int, padding: int) -> Callable:
  pads = ((padding, padding), (padding, padding))
  return lambda x: nn.max_pool(x, (kernel, kernel), (stride, stride), pads)


def jaxpool_max_pool(kernel: int, stride: int, padding: int) -> Callable:
  return jnn.MaxPool2d(kernel, stride, padding)


def flax_avg_pool(kernel: int) -> Callable:
  return lambda x: nn.avg_pool(x, (kernel, kernel), (kernel, kernel))


def jaxpool_avg_pool(kernel: int) -> Callable:
  return jnn.AvgPool2d(kernel)


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
  avg_pool: Callable | None = None  # (unused: a global mean)
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


class VGGNet(nn.Module):
  """Four blocks of two 3x3 convolutions and a k2 s2 max pool; a final
  average pool over the remaining 4x4 map."""
  pool: Callable
  avg_pool: Callable
  widths: tuple = (8, 16, 32, 32)
  classes: int = 10

  @nn.compact
  def __call__(self, x):
    for width in self.widths:
      x = nn.relu(nn.Conv(width, (3, 3))(x))
      x = nn.relu(nn.Conv(width, (3, 3))(x))
      x = self.pool(2, 2, 0)(x)
    x = self.avg_pool(x.shape[1])(x)
    return nn.Dense(self.classes)(x.reshape(x.shape[0], -1))


class ResidualBlock(nn.Module):
  width: int

  @nn.compact
  def __call__(self, x):
    y = nn.relu(nn.Conv(self.width, (3, 3))(x))
    return nn.relu(x + nn.Conv(self.width, (3, 3))(y))


class ResNetStem(nn.Module):
  """ResNet's stem (7x7/2 convolution, k3 s2 p1 max pool), two residual
  blocks, a global mean and a linear head."""
  pool: Callable
  avg_pool: Callable | None = None  # (unused: a global mean)
  width: int = 64
  classes: int = 10

  @nn.compact
  def __call__(self, x):
    x = nn.relu(nn.Conv(self.width, (7, 7), strides=2)(x))
    x = self.pool(3, 2, 1)(x)
    for _ in range(2):
      x = ResidualBlock(self.width)(x)
    return nn.Dense(self.classes)(jnp.mean(x, axis=(1, 2)))


# name -> (network, input shape, description)
NETS = {
    "inception": (InceptionNet, (8, 64, 64, 3),
                  f"Inception-style, {POOLS} max pools"),
    "vgg": (VGGNet, (8, 64, 64, 3),
            "VGG-style, 8 convs, 4 max pools, a final average pool"),
    "resnet": (ResNetStem, (8, 112, 112, 3),
               "ResNet stem, k3 s2 p1 max pool on 56x56x64, 2 blocks"),
}


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


def model_for(net: str, build: str) -> nn.Module:
  """``net`` with jaxpool's pooling (``build`` a schedule name) or Flax's
  (``build == "flax"``)."""
  cls = NETS[net][0]
  if build == "flax":
    return cls(flax_max_pool, flax_avg_pool)
  return cls(jaxpool_max_pool, jaxpool_avg_pool)


def builds(schedules: list[str]) -> dict:
  """Name -> (model, jaxpool schedule or None) of the Inception-style
  network: jaxpool's once per schedule, then Flax's."""
  out = {f"jaxpool {name}": (model_for("inception", name), name)
         for name in schedules}
  out["flax"] = (model_for("inception", "flax"), None)
  return out


def trace_step(model: nn.Module, params, x, y, schedule: str | None = None):
  """The step traced under jaxpool's ``schedule`` (None: the one
  requested), from a fresh ``jit``: the schedule is chosen when tracing,
  and jit caches traces per function."""
  step = jax.jit(make_step(model))
  if schedule is None:
    return step.trace(params, x, y)
  with jaxpool.schedule(schedule):
    return step.trace(params, x, y)


def lower_step(model: nn.Module, params, x, y, schedule: str | None = None):
  """The step traced and lowered (see :func:`trace_step`)."""
  return trace_step(model, params, x, y, schedule).lower()


def step_time(compiled, params, x, y, repeats: int = 10) -> float:
  jax.block_until_ready(compiled(params, x, y))
  times = []
  for _ in range(repeats):
    t0 = time.perf_counter()
    jax.block_until_ready(compiled(params, x, y))
    times.append(time.perf_counter() - t0)
  return statistics.median(times)


def inputs(net: str, batch: int | None = None):
  shape = NETS[net][1]
  if batch is not None:
    shape = (batch,) + shape[1:]
  x = jnp.asarray(np.random.default_rng(0).standard_normal(shape).astype(
      np.float32))
  return x, jnp.arange(shape[0]) % 10


def measure(net: str, build: str, batch: int | None = None,
            step_repeats: int = 10) -> dict:
  """Seconds to trace, lower and compile one step of ``net`` under
  ``build`` (a jaxpool schedule or ``"flax"``), and its step time, from
  empty caches."""
  x, y = inputs(net, batch)
  # Both builds have the same parameters; Flax's initialises them, so that
  # jaxpool's code is first traced inside the step.
  params = model_for(net, "flax").init(jax.random.key(0), x)
  jax.block_until_ready(params)
  jax.clear_caches()
  model = model_for(net, build)
  schedule = None if build == "flax" else build
  c0, t0 = time.process_time(), time.perf_counter()
  traced = trace_step(model, params, x, y, schedule)
  t1 = time.perf_counter()
  lowered = traced.lower()
  t2 = time.perf_counter()
  compiled = lowered.compile()
  t3, c3 = time.perf_counter(), time.process_time()
  return {"trace": t1 - t0, "lower": t2 - t1, "compile": t3 - t2,
          "cpu": c3 - c0,
          "step": step_time(compiled, params, x, y, step_repeats)}


def run_child(net: str, build: str, batch: int | None) -> dict:
  """:func:`measure` in a fresh Python process."""
  cmd = [sys.executable, os.path.abspath(__file__), "--child", net, build]
  if batch is not None:
    cmd += ["--batch", str(batch)]
  env = {**os.environ, "JAX_ENABLE_COMPILATION_CACHE": "false"}
  out = subprocess.run(cmd, capture_output=True, text=True, env=env,
                       check=False)
  if out.returncode:
    raise RuntimeError(f"{net} {build} failed:\n{out.stderr}")
  return json.loads(out.stdout.strip().splitlines()[-1])


def table(net: str, results: dict, shape) -> list[str]:
  """Markdown rows: per build, medians over repeats (seconds; step in ms)."""
  med = {b: {k: statistics.median(r[k] for r in rs) for k in rs[0]}
         for b, rs in results.items()}
  for b, rs in results.items():
    med[b]["total"] = statistics.median(
        r["trace"] + r["lower"] + r["compile"] for r in rs)
  flax = med["flax"]
  lines = [f"## {net}: {NETS[net][2]}, input {'x'.join(map(str, shape))}",
           "| pooling | trace s | lower s | compile s | total s | total range"
           " s | CPU s | step ms | total / flax | CPU / flax | step / flax |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
  for b, m in med.items():
    totals = [r["trace"] + r["lower"] + r["compile"] for r in results[b]]
    name = b if b == "flax" else f"jaxpool {b}"
    lines.append(
        f"| {name} | {m['trace']:.2f} | {m['lower']:.2f} | "
        f"{m['compile']:.2f} | {m['total']:.2f} | {min(totals):.2f}-"
        f"{max(totals):.2f} | {m['cpu']:.2f} | {m['step'] * 1e3:.1f} | "
        f"{m['total'] / flax['total']:.2f} | {m['cpu'] / flax['cpu']:.2f} | "
        f"{m['step'] / flax['step']:.2f} |")
  return lines


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--repeats", type=int, default=5)
  parser.add_argument("--nets", default=",".join(NETS),
                      help="networks, comma-separated: " + ", ".join(NETS))
  parser.add_argument("--schedules", default="auto,cpu,xla",
                      help="jaxpool schedules to compile, comma-separated")
  parser.add_argument("--batch", type=int, default=None,
                      help="batch size (default: each network's)")
  parser.add_argument("--child", nargs=2, metavar=("NET", "BUILD"),
                      help=argparse.SUPPRESS)
  args = parser.parse_args(argv)
  if args.child:
    jax.config.update("jax_enable_compilation_cache", False)
    print(json.dumps(measure(*args.child, batch=args.batch)))
    return
  nets = args.nets.split(",")
  build_names = args.schedules.split(",") + ["flax"]
  results = {net: {b: [] for b in build_names} for net in nets}
  load = os.getloadavg()[0]
  for i in range(args.repeats):
    for net in nets:
      # Each repeat starts with another build: none is always first.
      k = i % len(build_names)
      for build in build_names[k:] + build_names[:k]:
        results[net][build].append(run_child(net, build, args.batch))
  from run import cpu_name  # (imports PyTorch: only here)
  print(f"# compile time of training steps, {time.strftime('%Y-%m-%d')}, "
        f"{cpu_name()}, jax {jax.__version__}, backend "
        f"{jax.default_backend()} ({jax.devices()[0].device_kind}); "
        f"medians of {args.repeats} fresh processes per build; load average "
        f"{load:.1f} before, {os.getloadavg()[0]:.1f} after")
  for net in nets:
    shape = NETS[net][1] if args.batch is None else (
        (args.batch,) + NETS[net][1][1:])
    print("\n".join(table(net, results[net], shape)))


if __name__ == "__main__":
  main()
