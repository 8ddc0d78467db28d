"""jaxpool (both schedules) vs PyTorch (CPU) vs Flax/lax, from one process.

Run from the repository root:

    python benchmarks/run.py            # every op at every shape
    python benchmarks/run.py --quick    # fewer repeats, for a smoke check
    python benchmarks/run.py --malloc tuned   # glibc keeps freed buffers
    python benchmarks/run.py --ops max_fwd,max_fwd_bwd --shapes A,C
    python benchmarks/run.py --plot out/benchmarks.png   # also a bar chart

It runs on JAX's default backend (``JAX_PLATFORMS=cpu`` to choose CPU where
an accelerator is present), and the header names the backend and device;
PyTorch always runs on the CPU.

Prints one table row per (op, shape): medians in ms of jaxpool (jit), PyTorch
channels_last and contiguous, Flax or plain lax (+ jax.grad); the ratios
jaxpool/PyTorch-channels_last and jaxpool/Flax; the forward memory floor
(bytes read + written / measured copy bandwidth) and jaxpool/floor; the jit
compile time of jaxpool and Flax (excluded from the medians); and the peak
temporary memory XLA reports for the compiled jaxpool and Flax programs.

The ``jaxpool`` column runs the schedule a user gets (``auto``: ``cpu`` on
CPU, ``xla`` on GPU and TPU; ``JAXPOOL_SCHEDULE`` overrides it, and the
header says which ran). The other schedule is timed beside it, forced with
``jaxpool.schedule``, so that the last columns are, whatever the backend:
``xla``, the median of the ``xla`` schedule (the jaxpool column's own when
that is the ``xla`` one); ``cpu/xla``, the ``cpu`` schedule's median over the
``xla`` schedule's (below 1: what the ``cpu`` schedule buys on this
backend); ``compile_xla``, the ``xla`` schedule's compile time.

All timings are interleaved (each repeat runs every implementation once,
both schedules included), so machine noise hits them alike, with a 20 ms
pause before each timed call so that one library's spinning worker threads
do not slow the next. PyTorch is optional: without it its columns are blank.

Allocation: glibc returns buffers over its mmap threshold (32 MB at most) to
the kernel when they are freed, so every call that makes a large output (the
gradient of a large input) page-faults it in afresh; on the 2-core VM this
slows jaxpool and PyTorch alike, up to 4x on such rows (``2 * x`` of a 51 MB
array: 20-24 ms; 5 ms with glibc tuned). ``--malloc tuned`` reruns the
benchmark with glibc told to keep freed memory (``TUNED_MALLOC``), showing
the computation without the page faults. The default is what users get;
the header says which ran.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import platform
import statistics
import sys
import time
from typing import Callable, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import jaxpool  # noqa: E402
import jaxpool.functional as F  # noqa: E402
from jaxpool._src import schedules  # noqa: E402

try:
  import torch
  import torch.nn.functional as TF
except ImportError:  # PyTorch's columns stay blank.
  torch = None


@dataclasses.dataclass(frozen=True)
class Shape:
  name: str
  shape: tuple  # channels-last (N, *spatial, C)
  kernel: int
  stride: int
  padding: int

  @property
  def n(self):
    return len(self.shape) - 2


SHAPES = {
    "A": Shape("A 16x112x112x64 k3s2p1", (16, 112, 112, 64), 3, 2, 1),
    "B": Shape("B 64x28x28x32 k2s2", (64, 28, 28, 32), 2, 2, 0),
    "C": Shape("C 8x224x224x64 k2s2", (8, 224, 224, 64), 2, 2, 0),
    "1d": Shape("1d 32x4096x64 k3s2p1", (32, 4096, 64), 3, 2, 1),
    "3d": Shape("3d 4x32x32x32x32 k3s2p1", (4, 32, 32, 32, 32), 3, 2, 1),
}

MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
LP = {1: F.lp_pool1d, 2: F.lp_pool2d, 3: F.lp_pool3d}
UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}


def _timed(fn: Callable[[], object]) -> float:
  # Let the previous implementation's spinning worker threads (OpenMP's,
  # XLA's) go idle first: they would otherwise steal the cores of the next.
  time.sleep(0.02)
  t0 = time.perf_counter()
  out = fn()
  jax.block_until_ready(out)
  return (time.perf_counter() - t0) * 1e3


@dataclasses.dataclass
class Impl:
  """One implementation of an op: a zero-argument runner, plus compile info."""
  run: Callable[[], object]
  compile_ms: Optional[float] = None
  temp_mb: Optional[float] = None
  compiled: object = None  # the jax.stages.Compiled program, for tests


def _jax_impl(fn, *args) -> Impl:
  jitted = jax.jit(fn)
  t0 = time.perf_counter()
  compiled = jitted.lower(*args).compile()
  compile_ms = (time.perf_counter() - t0) * 1e3
  temp_mb = None
  try:
    mem = compiled.memory_analysis()
    temp_mb = mem.temp_size_in_bytes / 2**20
  except Exception:  # memory_analysis is backend-dependent
    pass
  jax.block_until_ready(compiled(*args))
  return Impl(lambda: compiled(*args), compile_ms, temp_mb, compiled)


def _vjp(fn):
  """(value, grad) of fn at x for cotangent c: jit of value_and_grad."""
  def f(x, c):
    y, pullback = jax.vjp(fn, x)
    return y, pullback(c)[0]
  return f


def _torch_impls(op: str, s: Shape, x_np: np.ndarray, extra) -> dict:
  if torch is None:
    return {}
  torch.set_num_threads(os.cpu_count() or 1)
  cf = np.ascontiguousarray(np.moveaxis(x_np, -1, 1))
  fmt = {1: None, 2: torch.channels_last, 3: torch.channels_last_3d}[s.n]
  impls = {}
  for label, memory_format in (("torch_cl", fmt), ("torch_cf", None)):
    if label == "torch_cl" and memory_format is None:
      # 1-d has no channels_last format: a (N, L, C) tensor viewed as NCL.
      xt = torch.from_numpy(np.ascontiguousarray(x_np)).permute(0, 2, 1)
    else:
      xt = torch.from_numpy(cf)
      if memory_format is not None:
        xt = xt.contiguous(memory_format=memory_format)
    impls[label] = _torch_runner(op, s, xt, extra)
  return impls


def _torch_runner(op, s, xt, extra):
  n, k, st, p = s.n, s.kernel, s.stride, s.padding
  tmax = getattr(TF, f"max_pool{n}d")
  tavg = getattr(TF, f"avg_pool{n}d")
  tlp = getattr(TF, f"lp_pool{n}d")
  tunpool = getattr(TF, f"max_unpool{n}d")

  def fwd_bwd(fn, inp):
    def run():
      inp.grad = None
      y = fn(inp)
      y.backward(torch.ones_like(y))
      return inp.grad
    return run

  with torch.no_grad():
    if op == "max_fwd":
      return Impl(lambda: tmax(xt, k, st, p))
    if op == "max_fwd_indices":
      return Impl(lambda: tmax(xt, k, st, p, return_indices=True))
  xg = xt.detach().clone().requires_grad_(True)
  if op == "max_fwd_bwd":
    return Impl(fwd_bwd(lambda x: tmax(x, k, st, p), xg))
  if op.startswith("avg_fwd_bwd"):
    cip, ceil = extra
    return Impl(fwd_bwd(lambda x: tavg(x, k, st, p, ceil, cip), xg))
  if op == "lp_fwd_bwd":
    return Impl(fwd_bwd(lambda x: tlp(x, 2, k, st), xg))
  if op == "unpool_fwd_bwd":
    with torch.no_grad():
      vals, idx = tmax(xt, k, st, p, return_indices=True)
    out_size = xt.shape[2:]
    vg = vals.detach().clone().requires_grad_(True)
    return Impl(fwd_bwd(lambda v: tunpool(v, idx, k, st, p, out_size), vg))
  raise ValueError(op)


def _flax_pad(s: Shape):
  return [(s.padding, s.padding)] * s.n


def _jax_programs(op: str, s: Shape, x: jax.Array, extra):
  """(make_ours, make_flax, args): factories of fresh functions of args.

  Fresh functions, because the schedule is chosen when jaxpool's code is
  traced and jit caches traces per function object: each schedule timed
  needs a function of its own, traced inside its ``jaxpool.schedule``.
  """
  n, k, st, p = s.n, s.kernel, s.stride, s.padding
  win, strides = (k,) * n, (st,) * n
  if op in ("max_fwd", "max_fwd_indices", "max_fwd_bwd"):
    ours = lambda: lambda x: MAX[n](x, k, st, p,
                                    return_indices=op == "max_fwd_indices")
    flax = lambda: lambda x: nn.max_pool(x, win, strides, _flax_pad(s))
    if op == "max_fwd_indices":
      flax = lambda: lambda x: _lax_argmax_pool(x, s)
  elif op.startswith("avg_fwd_bwd"):
    cip, ceil = extra
    ours = lambda: lambda x: AVG[n](x, k, st, p, ceil, cip)
    if ceil:  # Flax has no ceil_mode: pad the extra window on the right.
      flax = lambda: lambda x: nn.avg_pool(
          x, win, strides, [(p, p + st - 1)] * n, count_include_pad=cip)
    else:
      flax = lambda: lambda x: nn.avg_pool(x, win, strides, _flax_pad(s),
                                           count_include_pad=cip)
  elif op == "lp_fwd_bwd":
    ours = lambda: lambda x: LP[n](x, 2, k, st)
    flax = lambda: lambda x: jnp.sqrt(lax.reduce_window(
        x * x, 0.0, lax.add, (1,) + win + (1,), (1,) + strides + (1,),
        "VALID"))
  elif op == "unpool_fwd_bwd":
    # Indices are an argument, not a closed-over constant (XLA would fold it).
    vals, idx = MAX[n](x, k, st, p, return_indices=True)
    out_size = x.shape[1:-1]
    c = jnp.ones(x.shape, x.dtype)
    vjp_i = lambda f: (lambda v, i, c: _vjp(lambda v: f(v, i))(v, c))
    return (lambda: vjp_i(lambda v, i: UNPOOL[n](v, i, k, st, p, out_size)),
            lambda: vjp_i(lambda v, i: _scatter_unpool(v, i, out_size)),
            (vals, idx, c))
  else:
    raise ValueError(op)
  if "_bwd" in op:  # also the avg_fwd_bwd_* variants
    c_ours = jnp.ones(jax.eval_shape(ours(), x).shape, x.dtype)
    return (lambda: _vjp(ours()), lambda: _vjp(flax()), (x, c_ours))
  return ours, flax, (x,)


def _jax_impls(op: str, s: Shape, x: jax.Array, extra,
               forced: tuple = ()) -> dict:
  """"jaxpool" (the schedule requested: ``auto`` unless JAXPOOL_SCHEDULE
  says otherwise), "jaxpool_<name>" for each schedule in ``forced``, traced
  under ``jaxpool.schedule(name)``, and "flax"."""
  make_ours, make_flax, args = _jax_programs(op, s, x, extra)
  impls = {"jaxpool": _jax_impl(make_ours(), *args)}
  for name in forced:
    with jaxpool.schedule(name):
      impls[f"jaxpool_{name}"] = _jax_impl(make_ours(), *args)
  impls["flax"] = _jax_impl(make_flax(), *args)
  return impls


def auto_schedule(backend: str) -> str:
  """The schedule ``auto`` picks on ``backend`` (as ``schedules.run``'s
  ``lax.platform_dependent``: cpu on CPU, xla elsewhere)."""
  return "cpu" if backend == "cpu" else "xla"


def schedule_columns(requested: str, backend: str):
  """(the schedule the jaxpool column runs, the one to time beside it).

  The cpu/xla columns need both schedules: one is the jaxpool column's
  (``auto`` resolved for this backend), the other is timed forced.
  """
  base = auto_schedule(backend) if requested == "auto" else requested
  return base, "xla" if base == "cpu" else "cpu"


def device_name() -> str:
  """The backend and the device the benchmark runs on."""
  devices = jax.devices()
  kind = devices[0].device_kind
  return (f"backend {jax.default_backend()} ({len(devices)} x {kind})")


def _lax_argmax_pool(x, s: Shape):
  """The plain-lax way to get indices: a variadic reduce_window (CPU only)."""
  n = s.n
  spatial = x.shape[1:-1]
  flat = jnp.arange(np.prod(spatial), dtype=jnp.int32).reshape(
      (1,) + spatial + (1,))
  flat = jnp.broadcast_to(flat, x.shape)

  def reducer(a, b):
    av, ai = a
    bv, bi = b
    take = (bv > av) | ((bv == av) & (bi < ai))
    return lax.select(take, bv, av), lax.select(take, bi, ai)

  win = (1,) + (s.kernel,) * n + (1,)
  strides = (1,) + (s.stride,) * n + (1,)
  pads = [(0, 0)] + [(s.padding, s.padding)] * n + [(0, 0)]
  return lax.reduce_window((x, flat), (-jnp.inf, jnp.int32(0)), reducer, win,
                           strides, pads)


def _scatter_unpool(v, idx, out_size):
  """Plain scatter unpool (set, as PyTorch), differentiated by jax.grad."""
  n_, c = v.shape[0], v.shape[-1]
  plane = int(np.prod(out_size))
  vf = v.reshape(n_, -1, c)
  inf = idx.reshape(n_, -1, c)
  out = jnp.zeros((n_, plane, c), v.dtype)
  out = out.at[jnp.arange(n_)[:, None, None], inf,
               jnp.arange(c)[None, None, :]].set(vf)
  return out.reshape((n_,) + tuple(out_size) + (c,))


def cpu_name() -> str:
  """The CPU's model name where Linux reports it (timings differ 3x between
  VMs of the same size: say which one ran)."""
  try:
    with open("/proc/cpuinfo") as f:
      for line in f:
        if line.startswith("model name"):
          return line.split(":", 1)[1].strip()
  except OSError:
    pass
  return platform.processor() or "unknown CPU"


def copy_bandwidth() -> float:
  """Bytes per ms of a large memory copy into a reused buffer (read+write)."""
  src = np.ones(64 * 2**20 // 4, np.float32)
  dst = np.empty_like(src)
  times = []
  for _ in range(15):
    t0 = time.perf_counter()
    np.copyto(dst, src)
    times.append((time.perf_counter() - t0) * 1e3)
  return 2 * src.nbytes / statistics.median(times)


def _forward_bytes(op: str, s: Shape, x_np: np.ndarray) -> Optional[int]:
  if op not in ("max_fwd", "max_fwd_indices"):
    return None
  out = 1
  for L in s.shape[1:-1]:
    out *= (L + 2 * s.padding - s.kernel) // s.stride + 1
  out_elems = out * s.shape[0] * s.shape[-1]
  extra = 4 if op == "max_fwd_indices" else 0
  return x_np.nbytes + out_elems * (4 + extra)


OPS = {
    "max_fwd": None,
    "max_fwd_indices": None,
    "max_fwd_bwd": None,
    "avg_fwd_bwd": (True, False),
    "avg_fwd_bwd_nopad": (False, False),
    "avg_fwd_bwd_ceil": (True, True),
    "lp_fwd_bwd": None,
    "unpool_fwd_bwd": None,
}


TUNED_MALLOC = {"MALLOC_ARENA_MAX": "1",
                "MALLOC_MMAP_THRESHOLD_": "2000000000",
                "MALLOC_TRIM_THRESHOLD_": "4000000000"}


def _malloc_label() -> str:
  tuned = {k: os.environ[k] for k in TUNED_MALLOC if k in os.environ}
  if not tuned:
    return "glibc malloc default"
  return "glibc malloc tuned (" + " ".join(
      f"{k}={v}" for k, v in tuned.items()) + ")"


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--malloc", choices=("default", "tuned"),
                      default="default",
                      help="tuned: rerun with glibc keeping freed buffers "
                      "(no page faults on large outputs)")
  parser.add_argument("--ops", default=",".join(OPS))
  parser.add_argument("--shapes", default=",".join(SHAPES))
  parser.add_argument("--repeats", type=int, default=15)
  parser.add_argument("--quick", action="store_true",
                      help="5 repeats: a smoke check, not a measurement")
  parser.add_argument("--plot", metavar="PATH",
                      help="also write a PNG bar chart of the /torch_cl and "
                      "/flax ratios (benchmarks/plot.py; needs matplotlib)")
  args = parser.parse_args(argv)
  if args.plot:
    import matplotlib  # noqa: F401  (fail before measuring, not after)
  if args.malloc == "tuned" and any(
      os.environ.get(k) != v for k, v in TUNED_MALLOC.items()):
    # glibc reads these at start-up: run again in a fresh process.
    argv = sys.argv[1:] if argv is None else list(argv)
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)]
              + argv, {**os.environ, **TUNED_MALLOC})
  repeats = 5 if args.quick else args.repeats

  bw = copy_bandwidth()
  backend = jax.default_backend()
  requested = schedules.requested()
  base, other = schedule_columns(requested, backend)
  print(f"# jaxpool benchmark, {datetime.date.today()}, {platform.machine()} "
        f"{os.cpu_count()} cores ({cpu_name()}), {device_name()}, "
        f"jax {jax.__version__}"
        + (f", torch {torch.__version__} ({torch.get_num_threads()} threads)"
           if torch is not None else ", torch not installed")
        + f"; copy bandwidth {bw / 1e6:.1f} GB/s; {_malloc_label()}; "
        f"medians of {repeats}")
  print(f"# jaxpool column: schedule {requested}"
        + (f" (= {base} on {backend})" if requested == "auto" else "")
        + f"; {other} schedule timed beside it (forced), interleaved")
  header = ("op", "shape", "jaxpool", "torch_cl", "torch_cf", "flax",
            "/torch_cl", "/flax", "floor", "/floor", "compile", "compile_flax",
            "temp_MB", "temp_flax", "xla", "cpu/xla", "compile_xla")
  print("| " + " | ".join(header) + " |")
  print("|" + "---|" * len(header))
  rows = []
  rng = np.random.default_rng(0)
  for op in args.ops.split(","):
    for key in args.shapes.split(","):
      s = SHAPES[key]
      x_np = rng.standard_normal(s.shape, np.float32)
      if op == "lp_fwd_bwd":
        x_np = np.abs(x_np) + 0.1
      x = jnp.asarray(x_np)
      impls = _jax_impls(op, s, x, OPS[op], forced=(other,))
      impls.update(_torch_impls(op, s, x_np, OPS[op]))
      times = {name: [] for name in impls}
      for name, impl in impls.items():  # warm-up
        _timed(impl.run)
      for _ in range(repeats):
        for name, impl in impls.items():
          times[name].append(_timed(impl.run))
      med = {name: statistics.median(t) for name, t in times.items()}
      # The schedules by name: the jaxpool column's and the forced one.
      med[f"jaxpool_{base}"] = med["jaxpool"]
      impls[f"jaxpool_{base}"] = impls["jaxpool"]
      fbytes = _forward_bytes(op, s, x_np)
      floor = fbytes / bw if fbytes else None
      f = lambda v: "" if v is None else f"{v:.2f}"
      r = lambda a, b: "" if a is None or b is None else f"{a / b:.2f}"
      ours, flax = impls["jaxpool"], impls["flax"]
      row = (op, s.name, f(med["jaxpool"]), f(med.get("torch_cl")),
             f(med.get("torch_cf")), f(med["flax"]),
             r(med["jaxpool"], med.get("torch_cl")),
             r(med["jaxpool"], med["flax"]), f(floor),
             r(med["jaxpool"], floor), f(ours.compile_ms), f(flax.compile_ms),
             f(ours.temp_mb), f(flax.temp_mb),
             f(med["jaxpool_xla"]),
             r(med["jaxpool_cpu"], med["jaxpool_xla"]),
             f(impls["jaxpool_xla"].compile_ms))
      print("| " + " | ".join(row) + " |", flush=True)
      rows.append(dict(zip(header, row)))
  if args.plot:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import plot
    plot.plot(rows, args.plot, title=f"jaxpool benchmark, {device_name()}")
    print(f"# plot written to {args.plot}")


if __name__ == "__main__":
  main()
