"""One run on a GPU: parity with PyTorch, timings, determinism and memory.

Run from the repository root on a machine with a GPU (JAX's default device
runs jaxpool and Flax; PyTorch runs on ``cuda`` when it sees one, else on
the CPU):

    python benchmarks/gpu.py              # about 4-6 minutes on one GPU
    python benchmarks/gpu.py --smoke      # tiny shapes: the suite's check
    python benchmarks/gpu.py --parts parity,time --minutes 6

It prints a header naming the devices that ran, then one table:

- ``parity`` rows: a grid of max (1-d, 2-d, 3-d, dilated, ceil_mode,
  with indices), average, LP, unpooling and adaptive cases on inputs with
  ties, NaN and -inf, at channel counts on both sides of the vector widths:
  jaxpool's outputs, indices and gradients (``jax.vjp`` with a random
  cotangent) against PyTorch's, under ``auto`` (the schedule this backend
  gets) and the other schedule forced; max values and indices must be
  equal, sums and gradients within float32 rounding, NaN at the same
  places. The same row says whether each gradient program gave bitwise
  equal results in three runs.
- ``time`` rows: medians (ms) of forward and forward+backward of max, max
  with indices and average pooling at shapes A (16x112x112x64 k3 s2 p1), B
  (64x28x28x32 k2 s2), C (8x224x224x64 k2 s2) and R (ResNet-50's pool size,
  256x56x56x64 k3 s2 p1): jaxpool (``auto``), jaxpool with the other
  schedule, Flax (``reduce_window``, differentiated by ``jax.grad``) and
  PyTorch (channels_last), interleaved; the ratios to Flax and PyTorch; the
  peak memory of jaxpool's and Flax's compiled programs
  (``compiled.memory_analysis()``: arguments + outputs + temporaries); and,
  for gradients, whether repeated runs gave bitwise equal results (jaxpool,
  Flax, PyTorch).

Rows that would start after ``--minutes`` are skipped and say so, so that
the run ends in time on a slow device.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from typing import Callable

# JAX would take most of the GPU's memory up front, leaving PyTorch little.
os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")

import flax.linen as nn  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import jaxpool  # noqa: E402
import jaxpool.functional as F  # noqa: E402

try:
  import torch
  import torch.nn.functional as TF
except ImportError:  # parity and PyTorch's columns need it
  torch = None

SCHEDULE_OF_PLATFORM = {"cpu": "cpu"}  # anything else gets "xla" (auto)


def schedules_to_check(backend: str) -> tuple[str, str]:
  """(``auto``, the schedule ``auto`` does not pick on ``backend``)."""
  return "auto", "xla" if SCHEDULE_OF_PLATFORM.get(backend) == "cpu" else "cpu"


# ---------------------------------------------------------------- parity


@dataclasses.dataclass(frozen=True)
class Case:
  """One parity case: jaxpool's and PyTorch's call on the same input.

  ``ours`` takes a channels-last array, ``theirs`` a channels-first tensor;
  each returns an output or (output, indices).
  """
  name: str
  shape: tuple  # channels-last
  ours: Callable
  theirs: Callable
  positive: bool = False  # LP pooling: no zeros or -inf


def _cases(smoke: bool) -> list[Case]:
  widths = (3,) if smoke else (1, 8, 47, 64)
  out = []
  for c in widths:
    out += [
        Case(f"max2d k3s2p1 C={c}", (2, 9, 11, c),
             lambda x: F.max_pool2d(x, 3, 2, 1),
             lambda x: TF.max_pool2d(x, 3, 2, 1)),
        Case(f"max2d k2s2 indices C={c}", (2, 8, 10, c),
             lambda x: F.max_pool2d(x, 2, 2, return_indices=True),
             lambda x: TF.max_pool2d(x, 2, 2, return_indices=True)),
    ]
  c = 3 if smoke else 16
  out += [
      Case(f"max2d k3s1p1 d2 ceil indices C={c}", (2, 9, 11, c),
           lambda x: F.max_pool2d(x, 3, 1, 1, 2, True, True),
           lambda x: TF.max_pool2d(x, 3, 1, 1, 2, True, True)),
      Case(f"avg2d k3s2p1 ceil no-pad-count C={c}", (2, 9, 11, c),
           lambda x: F.avg_pool2d(x, 3, 2, 1, True, False),
           lambda x: TF.avg_pool2d(x, 3, 2, 1, True, False)),
      Case(f"lp2d p2 k3s2 C={c}", (2, 9, 11, c),
           lambda x: F.lp_pool2d(x, 2, 3, 2),
           lambda x: TF.lp_pool2d(x, 2, 3, 2), positive=True),
      Case(f"unpool2d k2s2 C={c}", (2, 8, 10, c),
           lambda x: F.max_unpool2d(*F.max_pool2d(x, 2, 2, return_indices=True),
                                    2, 2),
           lambda x: TF.max_unpool2d(*TF.max_pool2d(x, 2, 2,
                                                    return_indices=True), 2, 2)),
      Case(f"adaptive max2d 9x11->4x3 indices C={c}", (2, 9, 11, c),
           lambda x: F.adaptive_max_pool2d(x, (4, 3), True),
           lambda x: TF.adaptive_max_pool2d(x, (4, 3), True)),
      Case(f"adaptive avg2d 9x11->4x3 C={c}", (2, 9, 11, c),
           lambda x: F.adaptive_avg_pool2d(x, (4, 3)),
           lambda x: TF.adaptive_avg_pool2d(x, (4, 3))),
  ]
  if smoke:
    return out
  out += [
      Case("max1d k3s2p1 indices C=8", (2, 13, 8),
           lambda x: F.max_pool1d(x, 3, 2, 1, return_indices=True),
           lambda x: TF.max_pool1d(x, 3, 2, 1, return_indices=True)),
      Case("max3d k3s2p1 indices C=8", (2, 5, 6, 7, 8),
           lambda x: F.max_pool3d(x, 3, 2, 1, return_indices=True),
           lambda x: TF.max_pool3d(x, 3, 2, 1, return_indices=True)),
      Case("avg2d k2s2 C=64", (2, 8, 10, 64),
           lambda x: F.avg_pool2d(x, 2, 2), lambda x: TF.avg_pool2d(x, 2, 2)),
      Case("avg3d k3s2p1 C=8", (2, 5, 6, 7, 8),
           lambda x: F.avg_pool3d(x, 3, 2, 1),
           lambda x: TF.avg_pool3d(x, 3, 2, 1)),
      Case("lp1d p3 k2s2 C=8", (2, 13, 8), lambda x: F.lp_pool1d(x, 3, 2, 2),
           lambda x: TF.lp_pool1d(x, 3, 2, 2), positive=True),
      Case("unpool2d k3s2p1 C=8", (2, 9, 11, 8),
           lambda x: F.max_unpool2d(
               *F.max_pool2d(x, 3, 2, 1, return_indices=True), 3, 2, 1,
               (9, 11)),
           lambda x: TF.max_unpool2d(
               *TF.max_pool2d(x, 3, 2, 1, return_indices=True), 3, 2, 1,
               (9, 11))),
      Case("adaptive max3d 5x6x7->2x3x4 C=8", (2, 5, 6, 7, 8),
           lambda x: F.adaptive_max_pool3d(x, (2, 3, 4)),
           lambda x: TF.adaptive_max_pool3d(x, (2, 3, 4))),
  ]
  return out


def _input(shape, positive: bool, rng) -> np.ndarray:
  """Small integers (ties in most windows), some NaN and (unless
  ``positive``) some -inf."""
  lo = 1 if positive else 0
  x = rng.integers(lo, 4, shape).astype(np.float32)
  x[rng.random(shape) < 0.03] = np.nan
  if not positive:
    x[rng.random(shape) < 0.02] = -np.inf
  return x


def _to_torch_layout(x: np.ndarray) -> np.ndarray:
  return np.ascontiguousarray(np.moveaxis(x, -1, 1))


def _from_torch(t) -> np.ndarray:
  return np.moveaxis(t.detach().cpu().numpy(), 1, -1)


def _differs(got, want, exact: bool) -> str | None:
  """Why ``got`` is not ``want`` (None if it is): equal shapes, NaN at the
  same places, values equal (``exact``) or within float32 rounding."""
  got, want = np.asarray(got), np.asarray(want)
  if got.shape != want.shape:
    return f"shape {got.shape} != {want.shape}"
  if want.dtype.kind in "iu":
    bad = int((got.astype(np.int64) != want.astype(np.int64)).sum())
    return f"{bad} indices differ" if bad else None
  nan_got, nan_want = np.isnan(got), np.isnan(want)
  if (nan_got != nan_want).any():
    return (f"NaN: {int(nan_got.sum())} here, {int(nan_want.sum())} in "
            f"PyTorch, {int((nan_got != nan_want).sum())} places differ")
  g, w = got[~nan_got], want[~nan_want]
  if exact:
    bad = int((g != w).sum())
    return f"{bad} values differ" if bad else None
  if not np.allclose(g, w, rtol=1e-5, atol=1e-6):
    return f"max abs diff {float(np.max(np.abs(g - w))):.3g}"
  return None


def _bitwise_equal(runs) -> bool:
  first = [np.asarray(a).tobytes() for a in jax.tree.leaves(runs[0])]
  return all([np.asarray(a).tobytes() for a in jax.tree.leaves(r)] == first
             for r in runs[1:])


def _torch_reference(case: Case, x: np.ndarray, cot: np.ndarray, device):
  xt = torch.from_numpy(_to_torch_layout(x)).to(device).requires_grad_(True)
  out = case.theirs(xt)
  value = out[0] if isinstance(out, tuple) else out
  value.backward(torch.from_numpy(_to_torch_layout(cot)).to(device))
  outs = out if isinstance(out, tuple) else (out,)
  return [_from_torch(o) for o in outs], _from_torch(xt.grad)


def check_case(case: Case, schedules: tuple, device, torch_device,
               rng) -> str:
  """The row's verdict: per schedule, parity with PyTorch and whether the
  gradient is bitwise the same in three runs."""
  x = _input(case.shape, case.positive, rng)
  xj = jax.device_put(jnp.asarray(x), device)
  with jaxpool.schedule("xla"):
    out_shape = jax.eval_shape(case.ours, xj)
  value_shape = jax.tree.leaves(out_shape)[0].shape
  cot = rng.standard_normal(value_shape).astype(np.float32)
  cotj = jax.device_put(jnp.asarray(cot), device)
  want, want_grad = _torch_reference(case, x, cot, torch_device)
  verdicts = []
  for name in schedules:
    # A function of its own per schedule: jit caches traces per function,
    # and the schedule is chosen when tracing.
    def value_and_grad(x, c):
      def split(z):  # differentiated: the values; carried: the indices
        out = case.ours(z)
        outs = out if isinstance(out, tuple) else (out,)
        return outs[0], outs[1:]
      value, pullback, rest = jax.vjp(split, x, has_aux=True)
      return (value, *rest), pullback(c)[0]

    with jaxpool.schedule(name):
      program = jax.jit(value_and_grad).lower(xj, cotj).compile()
    runs = [jax.block_until_ready(program(xj, cotj)) for _ in range(3)]
    got, grad = runs[0]
    problems = []
    for i, (g, w) in enumerate(zip(got, want)):
      why = _differs(g, w, exact=i > 0 or case.name.startswith(
          ("max", "adaptive max", "unpool")))
      if why:
        problems.append(f"{'indices' if i else 'values'}: {why}")
    why = _differs(grad, want_grad, exact=False)
    if why:
      problems.append(f"gradient: {why}")
    bitwise = _bitwise_equal([r[1] for r in runs])
    verdict = "ok" if not problems else "FAIL " + "; ".join(problems)
    verdicts.append(f"{name}: {verdict}, gradient "
                    f"{'bitwise' if bitwise else 'NOT bitwise'} in 3 runs")
  return " / ".join(verdicts)


# ---------------------------------------------------------------- timings


@dataclasses.dataclass(frozen=True)
class Shape:
  name: str
  shape: tuple  # channels-last (N, H, W, C)
  kernel: int
  stride: int
  padding: int


SHAPES = {
    "A": Shape("A 16x112x112x64 k3s2p1", (16, 112, 112, 64), 3, 2, 1),
    "B": Shape("B 64x28x28x32 k2s2", (64, 28, 28, 32), 2, 2, 0),
    "C": Shape("C 8x224x224x64 k2s2", (8, 224, 224, 64), 2, 2, 0),
    "R": Shape("R 256x56x56x64 k3s2p1", (256, 56, 56, 64), 3, 2, 1),
}
SMOKE_SHAPES = {"tiny": Shape("tiny 2x9x9x3 k3s2p1", (2, 9, 9, 3), 3, 2, 1)}
OPS = ("max_fwd", "max_fwd_bwd", "max_indices_fwd", "avg_fwd", "avg_fwd_bwd")


def _jax_fn(op: str, s: Shape, library: str) -> Callable:
  """A fresh function of ``op`` at ``s`` (jaxpool's or Flax's); None where
  Flax has no such op."""
  k, st, p = s.kernel, s.stride, s.padding
  if library == "flax":
    pads = ((p, p), (p, p))
    if op.startswith("max_indices"):
      return None
    if op.startswith("max"):
      return lambda x: nn.max_pool(x, (k, k), (st, st), pads)
    return lambda x: nn.avg_pool(x, (k, k), (st, st), pads)
  if op.startswith("max_indices"):
    return lambda x: F.max_pool2d(x, k, st, p, return_indices=True)
  if op.startswith("max"):
    return lambda x: F.max_pool2d(x, k, st, p)
  return lambda x: F.avg_pool2d(x, k, st, p)


def _with_gradient(fn: Callable) -> Callable:
  def f(x, c):
    y, pullback = jax.vjp(fn, x)
    return y, pullback(c)[0]
  return f


@dataclasses.dataclass
class Timed:
  run: Callable[[], object]
  sync: Callable[[], None]
  peak_mb: float | None = None
  outputs: list = dataclasses.field(default_factory=list)


def _jax_timed(op, s, library, x, schedule=None) -> Timed | None:
  fn = _jax_fn(op, s, library)
  if fn is None:
    return None
  args = (x,)
  if op.endswith("_bwd"):
    cot = jnp.ones(jax.eval_shape(fn, x).shape, x.dtype)
    fn, args = _with_gradient(fn), (x, jax.device_put(cot, x.device))
  if schedule is None:
    compiled = jax.jit(fn).lower(*args).compile()
  else:
    with jaxpool.schedule(schedule):
      compiled = jax.jit(fn).lower(*args).compile()
  peak = None
  try:
    mem = compiled.memory_analysis()
    peak = (mem.argument_size_in_bytes + mem.output_size_in_bytes
            + mem.temp_size_in_bytes - mem.alias_size_in_bytes) / 2**20
  except Exception:  # memory_analysis is backend-dependent
    pass
  return Timed(lambda: compiled(*args), lambda: None, peak)


def _torch_timed(op, s, x_np, device) -> Timed:
  k, st, p = s.kernel, s.stride, s.padding
  xt = torch.from_numpy(_to_torch_layout(x_np)).to(device).contiguous(
      memory_format=torch.channels_last)
  sync = (torch.cuda.synchronize if device.type == "cuda" else lambda: None)
  fwd = {"max": lambda z: TF.max_pool2d(z, k, st, p),
         "max_indices": lambda z: TF.max_pool2d(z, k, st, p,
                                                return_indices=True),
         "avg": lambda z: TF.avg_pool2d(z, k, st, p)}[op.rsplit("_fwd", 1)[0]]
  if not op.endswith("_bwd"):
    def run():
      with torch.no_grad():
        return fwd(xt)
    return Timed(run, sync)
  xg = xt.detach().clone().requires_grad_(True)

  def run_bwd():
    xg.grad = None
    y = fwd(xg)
    y.backward(torch.ones_like(y))
    return xg.grad
  return Timed(run_bwd, sync)


def _median_ms(impls: dict, repeats: int, inner: int) -> dict:
  """Interleaved medians (ms per call) over ``repeats`` samples of ``inner``
  calls; each implementation's first and last outputs are kept."""
  times = {name: [] for name in impls}
  for impl in impls.values():  # warm up
    out = impl.run()
    jax.block_until_ready(out)
    impl.sync()
    impl.outputs.append(_host(out))
  for _ in range(repeats):
    for name, impl in impls.items():
      impl.sync()
      t0 = time.perf_counter()
      for _ in range(inner):
        out = impl.run()
      jax.block_until_ready(out)
      impl.sync()
      times[name].append((time.perf_counter() - t0) * 1e3 / inner)
  for impl in impls.values():
    impl.outputs.append(_host(impl.run()))
  return {name: statistics.median(t) for name, t in times.items()}


def _host(out):
  if torch is not None and isinstance(out, torch.Tensor):
    return out.detach().cpu().numpy()
  return jax.tree.map(np.asarray, out)


def time_row(op: str, s: Shape, other: str, device, torch_device,
             repeats: int, inner: int) -> dict:
  x_np = np.random.default_rng(0).standard_normal(s.shape).astype(np.float32)
  x = jax.device_put(jnp.asarray(x_np), device)
  impls = {"jaxpool": _jax_timed(op, s, "jaxpool", x),
           other: _jax_timed(op, s, "jaxpool", x, other),
           "flax": _jax_timed(op, s, "flax", x)}
  impls = {k: v for k, v in impls.items() if v is not None}
  if torch is not None:
    impls["torch"] = _torch_timed(op, s, x_np, torch_device)
  ms = _median_ms(impls, repeats, inner)
  row = {"ms": ms, "peak": {k: v.peak_mb for k, v in impls.items()}}
  if op.endswith("_bwd"):
    row["bitwise"] = {k: _bitwise_equal(v.outputs) for k, v in impls.items()}
  return row


# ---------------------------------------------------------------- table


def _fmt(v, digits=2) -> str:
  return "" if v is None else f"{v:.{digits}f}"


def main(argv=None) -> list[str]:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--smoke", action="store_true",
                      help="tiny shapes and few repeats (runs on CPU)")
  parser.add_argument("--parts", default="parity,time",
                      help="comma-separated: parity, time")
  parser.add_argument("--shapes", default=None,
                      help="timing shapes, comma-separated (default all: "
                      + ",".join(SHAPES) + ")")
  parser.add_argument("--repeats", type=int, default=None)
  parser.add_argument("--minutes", type=float, default=7.5,
                      help="skip rows that would start after this long")
  args = parser.parse_args(argv)
  start = time.perf_counter()
  device = jax.devices()[0]
  backend = device.platform
  if torch is not None:
    torch_device = torch.device("cuda" if torch.cuda.is_available()
                                else "cpu")
    if torch_device.type == "cpu":
      torch.set_num_threads(os.cpu_count() or 1)
    torch_name = (f"torch {torch.__version__} on "
                  + (torch.cuda.get_device_name(0)
                     if torch_device.type == "cuda" else "the CPU"))
  else:
    torch_device, torch_name = None, "torch not installed (its columns blank)"
  auto, other = schedules_to_check(backend)
  lines = [
      f"# jaxpool GPU run{' (smoke)' if args.smoke else ''}, "
      f"{time.strftime('%Y-%m-%d')}: jax {jax.__version__} on {backend} "
      f"({device.device_kind}, {len(jax.devices())} device(s)); "
      f"{torch_name}; auto = "
      f"{SCHEDULE_OF_PLATFORM.get(backend, 'xla')} schedule here, "
      f"'{other}' forced beside it",
      f"| part | op | case | jaxpool ms | {other} ms | flax ms | torch ms | "
      "/flax | /torch | jaxpool MB | flax MB | result |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|"]
  print("\n".join(lines), flush=True)
  parts = args.parts.split(",")

  def emit(cells):
    line = "| " + " | ".join(cells) + " |"
    lines.append(line)
    print(line, flush=True)

  def out_of_time() -> bool:
    return time.perf_counter() - start > args.minutes * 60

  if "parity" in parts:
    if torch is None:
      emit(["parity", "", "", *[""] * 8, "skipped: PyTorch not installed"])
    else:
      rng = np.random.default_rng(0)
      for case in _cases(args.smoke):
        if out_of_time():
          emit(["parity", case.name.split()[0], case.name, *[""] * 8,
                "skipped: out of time"])
          continue
        emit(["parity", case.name.split()[0], case.name, *[""] * 8,
              check_case(case, (auto, other), device, torch_device, rng)])
  if "time" in parts:
    shapes = SMOKE_SHAPES if args.smoke else SHAPES
    if args.shapes:
      shapes = {k: SHAPES[k] for k in args.shapes.split(",")}
    repeats = args.repeats or (2 if args.smoke else 15)
    inner = 1 if args.smoke else 5
    for s in shapes.values():
      for op in OPS:
        if out_of_time():
          emit(["time", op, s.name, *[""] * 8, "skipped: out of time"])
          continue
        row = time_row(op, s, other, device, torch_device, repeats, inner)
        ms, peak = row["ms"], row["peak"]
        ours, flax, theirs = (ms.get(k) for k in ("jaxpool", "flax", "torch"))
        result = ""
        if "bitwise" in row:
          result = "gradient bitwise in repeated runs: " + ", ".join(
              f"{k} {'yes' if v else 'NO'}" for k, v in row["bitwise"].items())
        emit(["time", op, s.name, _fmt(ours, 3), _fmt(ms.get(other), 3),
              _fmt(flax, 3), _fmt(theirs, 3),
              _fmt(flax and ours / flax), _fmt(theirs and ours / theirs),
              _fmt(peak.get("jaxpool"), 1), _fmt(peak.get("flax"), 1),
              result])
  lines.append(f"# {time.perf_counter() - start:.0f} s in all")
  print(lines[-1], flush=True)
  return lines


if __name__ == "__main__":
  main()
