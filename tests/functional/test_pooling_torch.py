"""Live differential tests of jaxpool against PyTorch (CPU).

Every case is computed by ``torch.nn.functional`` (in PyTorch's
``(N, C, *spatial)`` layout) and by jaxpool, with ``channels_last=False`` on
the same array and ``channels_last=True`` on the channels-last transpose, and
compared: forward values, max-pool indices (exactly), and gradients (torch's
``backward`` of ``(out * cot).sum()`` against ``jax.vjp`` with the same
cotangent).

The configuration grids are drawn at import time from a fixed-seed generator,
keeping only configurations PyTorch accepts, and chosen greedily so that each
branch of the output-size rule (floor, ceil that adds an output, ceil whose
"last window must start inside the input or left padding" rule removes one),
dilation, default stride, padding and non-square windows are all covered
without the full cross product. The JAX side runs under one ``jax.jit`` per
(configuration, layout, input shape), shared between the tests that reuse a
configuration (unique values, ties, NaNs), so that the file stays fast.

Skipped when PyTorch is not installed.
"""

from __future__ import annotations

import functools
import math
import zlib
from typing import Any, NamedTuple

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.functional as F  # noqa: E402
import jaxpool.nn as jnn  # noqa: E402

TF = torch.nn.functional
# Tiny tensors: PyTorch's intra-op thread pool only adds latency (milliseconds
# per call on a loaded 2-core machine), so run single-threaded.
torch.set_num_threads(1)

RTOL = 1e-6
ATOL = 1e-6

_MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_LP = {1: F.lp_pool1d, 2: F.lp_pool2d, 3: F.lp_pool3d}
_UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}
_T_MAX = {1: TF.max_pool1d, 2: TF.max_pool2d, 3: TF.max_pool3d}
_T_AVG = {1: TF.avg_pool1d, 2: TF.avg_pool2d, 3: TF.avg_pool3d}
_T_LP = {1: TF.lp_pool1d, 2: TF.lp_pool2d, 3: TF.lp_pool3d}
_T_UNPOOL = {1: TF.max_unpool1d, 2: TF.max_unpool2d, 3: TF.max_unpool3d}


# ---------------------------------------------------------------------------
# Helpers.


class _Call(NamedTuple):
  """A hashable partial application (a static argument of ``jax.jit``).

  Two equal ``_Call`` share one compilation, unlike ``functools.partial``.
  """
  fn: Any
  kw: tuple

  def __call__(self, *args, **extra):
    return self.fn(*args, **dict(self.kw), **extra)


def _kw(**kwargs) -> tuple:
  return tuple(sorted(kwargs.items()))


@functools.partial(jax.jit, static_argnums=(0,))
def _value_and_grad(call, x, cot):
  out, vjp = jax.vjp(call, x)
  return out, vjp(cot)[0]


@functools.partial(jax.jit, static_argnums=(0,))
def _max_value_index_grad(call, x, cot):
  """Values-only and with-indices max pooling, each with its vjp."""
  out, vjp = jax.vjp(call, x)
  out_i, vjp_i, idx = jax.vjp(lambda a: call(a, return_indices=True), x,
                              has_aux=True)
  return out, vjp(cot)[0], out_i, idx, vjp_i(cot)[0]


@functools.partial(jax.jit, static_argnums=(0,))
def _unpool_value_and_grad(call, x, idx, cot):
  out, vjp = jax.vjp(lambda a: call(a, idx), x)
  return out, vjp(cot)[0]


def _to_cl(a: np.ndarray, unbatched: bool = False) -> np.ndarray:
  """PyTorch layout (N, C, *sp) or (C, *sp) -> channels-last."""
  return np.moveaxis(a, 0 if unbatched else 1, -1)


def _from_cl(a, unbatched: bool = False) -> np.ndarray:
  return np.moveaxis(np.asarray(a), -1, 0 if unbatched else 1)


def _layout(a: np.ndarray, channels_last: bool, unbatched: bool = False):
  return _to_cl(a, unbatched) if channels_last else a


def _unlayout(a, channels_last: bool, unbatched: bool = False) -> np.ndarray:
  return _from_cl(a, unbatched) if channels_last else np.asarray(a)


def _torch_fwd_bwd(fn, x: np.ndarray, cot_fn, *, indices: bool = False):
  """Runs ``fn`` in torch on ``x``: (values, indices or None, grad, cot).

  The grad is that of ``(out * cot).sum()``, with ``cot = cot_fn(out.shape)``
  (drawn once the output shape is known). All as NumPy arrays.
  """
  xt = torch.tensor(x, requires_grad=True)
  res = fn(xt)
  out, idx = res if indices else (res, None)
  cot = cot_fn(tuple(out.shape))
  (out * torch.tensor(cot)).sum().backward()
  return (out.detach().numpy(), None if idx is None else idx.numpy(),
          xt.grad.numpy(), cot)


def _unique_input(rng, shape, dtype=np.float32) -> np.ndarray:
  """Distinct values (so the max and its gradient routing are unambiguous);
  multiples of 1/8, exact in float32."""
  size = math.prod(shape)
  return ((rng.permutation(size) - size / 2) / 8).reshape(shape).astype(dtype)


def _cot_maker(rng, dtype=np.float32):
  return lambda shape: rng.standard_normal(shape).astype(dtype)


def _assert_close(actual, expected, rtol=RTOL, atol=ATOL, equal_nan=False):
  actual = np.asarray(actual)
  assert actual.shape == expected.shape, (actual.shape, expected.shape)
  np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol,
                             equal_nan=equal_nan)


def _seed(*parts) -> int:
  """A stable per-case seed (``hash`` of a str varies between runs)."""
  return zlib.crc32(repr(parts).encode())


# ---------------------------------------------------------------------------
# PyTorch's output-size rule, to classify configurations.


def _out_len(size, k, s, p, d, ceil):
  num = size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)
  out = num // s + 1
  trimmed = False
  if ceil and (out - 1) * s >= size + p:
    out -= 1
    trimmed = True
  return out, trimmed


def _as_tuple(v, n):
  return tuple(v) if isinstance(v, tuple) else (v,) * n


def _features(cfg) -> set:
  """The branches a configuration exercises (for greedy grid selection)."""
  n = cfg["d"]
  sp = cfg["shape"][2:]
  k = _as_tuple(cfg["kernel"], n)
  s = k if cfg["stride"] is None else _as_tuple(cfg["stride"], n)
  p = _as_tuple(cfg.get("padding", 0), n)
  dil = _as_tuple(cfg.get("dilation", 1), n)
  feats = set()
  for i in range(n):
    floor_len, _ = _out_len(sp[i], k[i], s[i], p[i], dil[i], False)
    ceil_len, trimmed = _out_len(sp[i], k[i], s[i], p[i], dil[i], True)
    if cfg["ceil_mode"]:
      if trimmed:
        feats.add("ceil_trim")
      if ceil_len > floor_len:
        feats.add("ceil_adds")
      elif not trimmed:
        feats.add("ceil_same")
    if p[i]:
      feats.add("pad")
    if dil[i] > 1:
      feats.add("dilation")
    if k[i] == 1:
      feats.add("k1")
    if s[i] > k[i]:
      feats.add("stride_gt_kernel")
    if sp[i] == 1:
      feats.add("size1")
  if cfg["stride"] is None:
    feats.add("stride_none")
  if any(isinstance(cfg.get(f), tuple) for f in ("kernel", "stride",
                                                 "padding", "dilation")):
    feats.add("tuple_args")
  if cfg.get("count_include_pad") is False:
    feats.add("no_count_pad")
    if cfg["ceil_mode"] and any(p):
      feats.add("no_count_pad_ceil")
  if cfg.get("count_include_pad") and cfg["ceil_mode"] and any(p):
    feats.add("count_pad_ceil")
  if cfg.get("divisor_override") is not None:
    feats.add("divisor_override")
    if cfg["divisor_override"] < 0:
      feats.add("negative_divisor")
  return feats


def _window_has_no_tap(cfg) -> bool:
  """True when some window (with dilation) reads only padding; PyTorch then
  reports an out-of-plane index, and its backward would write outside the
  plane, so such configurations are tested separately (forward only)."""
  n = cfg["d"]
  sp = cfg["shape"][2:]
  k = _as_tuple(cfg["kernel"], n)
  s = k if cfg["stride"] is None else _as_tuple(cfg["stride"], n)
  p = _as_tuple(cfg.get("padding", 0), n)
  dil = _as_tuple(cfg.get("dilation", 1), n)
  for i in range(n):
    out, _ = _out_len(sp[i], k[i], s[i], p[i], dil[i], cfg["ceil_mode"])
    for o in range(out):
      taps = [o * s[i] - p[i] + j * dil[i] for j in range(k[i])]
      if not any(0 <= t < sp[i] for t in taps):
        return True
  return False


def _rand_dimarg(rng, n, low, high, uniform_prob=0.6):
  """An int (probability ``uniform_prob``) or a tuple of n ints."""
  if rng.random() < uniform_prob:
    return int(rng.integers(low, high + 1))
  return tuple(int(v) for v in rng.integers(low, high + 1, size=n))


_MAX_SIZE = {1: 9, 2: 7, 3: 5}


def _random_cfg(rng, kind: str, n: int) -> dict:
  kernel = _rand_dimarg(rng, n, 1, 4 if n < 3 else 3)
  k = _as_tuple(kernel, n)
  stride = None if rng.random() < 0.2 else _rand_dimarg(rng, n, 1, 3)
  sizes = tuple(int(v) for v in rng.integers(1, _MAX_SIZE[n] + 1, size=n))
  batch, chans = (2, 3) if n < 3 else (1, 2)
  cfg = dict(d=n, shape=(batch, chans) + sizes, kernel=kernel, stride=stride,
             ceil_mode=bool(rng.random() < 0.5))
  if kind != "lp":
    if rng.random() < 0.5:
      cfg["padding"] = 0
    else:
      pads = tuple(int(rng.integers(0, kk // 2 + 1)) for kk in k)
      cfg["padding"] = pads[0] if (n == 1 or len(set(pads)) == 1) else pads
  if kind == "max":
    cfg["dilation"] = _rand_dimarg(rng, n, 1, 2, uniform_prob=0.7)
  if kind == "avg":
    cfg["count_include_pad"] = bool(rng.random() < 0.5)
    if n > 1 and rng.random() < 0.3:
      cfg["divisor_override"] = int(rng.choice([1, 2, 3, 5, -3]))
  return cfg


def _torch_accepts(kind: str, cfg: dict) -> bool:
  x = torch.zeros(cfg["shape"])
  n = cfg["d"]
  try:
    if kind == "max":
      _T_MAX[n](x, cfg["kernel"], cfg["stride"], cfg["padding"],
                cfg["dilation"], cfg["ceil_mode"])
    elif kind == "avg":
      extra = ({"divisor_override": cfg.get("divisor_override")}
               if n > 1 else {})
      _T_AVG[n](x, cfg["kernel"], cfg["stride"], cfg["padding"],
                cfg["ceil_mode"], cfg["count_include_pad"], **extra)
    else:
      _T_LP[n](x + 1, 2, cfg["kernel"], cfg["stride"], cfg["ceil_mode"])
  except (RuntimeError, ValueError, TypeError):
    # TypeError: e.g. lp_pool1d rejects a 1-tuple kernel_size.
    return False
  return True


def _nontrivial_dims(cfg) -> int:
  return sum(k > 1 for k in _as_tuple(cfg["kernel"], cfg["d"]))


def _build_grid(kind: str, per_dim: int, seed: int, candidates: int = 150):
  """Greedy branch-covering selection from fixed-seed random candidates."""
  rng = np.random.default_rng(seed)
  grid = []
  for n in (1, 2, 3):
    pool = []
    while len(pool) < candidates:
      cfg = _random_cfg(rng, kind, n)
      if _torch_accepts(kind, cfg) and not (
          kind == "max" and _window_has_no_tap(cfg)):
        pool.append(cfg)
    chosen, covered = [], set()
    while len(chosen) < per_dim:
      # Greedy set cover: most new branches first, then the larger (more
      # interesting) window; once all is covered, windows of >= 2 per dim.
      best = max(pool, key=lambda c: (len(_features(c) - covered),
                                      _nontrivial_dims(c),
                                      c not in chosen))
      if best in chosen:
        break
      if not _features(best) - covered and _nontrivial_dims(best) < n:
        break
      chosen.append(best)
      covered |= _features(best)
    for cfg in pool:  # fill up with random draws of windows >= 2 per dim
      if len(chosen) >= per_dim:
        break
      if cfg not in chosen and _nontrivial_dims(cfg) == n:
        chosen.append(cfg)
    grid.extend(chosen)
  return grid


def _cfg_id(cfg) -> str:
  parts = [f"{cfg['d']}d", "x".join(map(str, cfg["shape"][2:])),
           f"k{cfg['kernel']}", f"s{cfg['stride']}"]
  for key, tag, default in (("padding", "p", 0), ("dilation", "dil", 1),
                            ("divisor_override", "div", None)):
    if cfg.get(key, default) != default:
      parts.append(f"{tag}{cfg[key]}")
  if cfg["ceil_mode"]:
    parts.append("ceil")
  if cfg.get("count_include_pad") is False:
    parts.append("nocip")
  return "-".join(parts).replace(" ", "")


MAX_GRID = _build_grid("max", per_dim=8, seed=20240611)
AVG_GRID = _build_grid("avg", per_dim=7, seed=20240612)
LP_GRID = _build_grid("lp", per_dim=3, seed=20240613)

# Explicit PyTorch output-size corner cases on top of the random grid.
MAX_GRID += [
    # ceil rule trims: L=5, k=3, s=3, p=1 -> ceil gives 3, last start 6 >= 6.
    dict(d=1, shape=(2, 3, 5), kernel=3, stride=3, padding=1, dilation=1,
         ceil_mode=True),
    # ceil adds one output: L=5, k=2, s=2.
    dict(d=2, shape=(2, 3, 5, 4), kernel=2, stride=2, padding=0, dilation=1,
         ceil_mode=True),
]
AVG_GRID += [
    dict(d=1, shape=(2, 3, 5), kernel=3, stride=3, padding=1, ceil_mode=True,
         count_include_pad=True),
    dict(d=2, shape=(2, 3, 5, 6), kernel=(2, 3), stride=(2, 2), padding=(1, 1),
         ceil_mode=True, count_include_pad=True, divisor_override=None),
]

_MAX_IDS = [_cfg_id(c) for c in MAX_GRID]
_AVG_IDS = [_cfg_id(c) for c in AVG_GRID]


def test_grids_cover_branches():
  """The selected grids exercise every branch of the size and divisor rules,
  and PyTorch's output shape agrees with the rule used to classify them."""
  want = {"ceil_trim", "ceil_adds", "ceil_same", "pad", "stride_none",
          "tuple_args", "k1"}
  for n in (1, 2, 3):
    got = set().union(*(_features(c) for c in MAX_GRID if c["d"] == n))
    assert want | {"dilation"} <= got, (n, want - got)
    got = set().union(*(_features(c) for c in AVG_GRID if c["d"] == n))
    assert want | {"no_count_pad"} <= got, (n, want - got)
  avg = set().union(*(_features(c) for c in AVG_GRID))
  assert {"divisor_override", "negative_divisor", "count_pad_ceil",
          "no_count_pad_ceil"} <= avg
  for cfg in MAX_GRID:
    n = cfg["d"]
    out = _T_MAX[n](torch.zeros(cfg["shape"]), cfg["kernel"], cfg["stride"],
                    cfg["padding"], cfg["dilation"], cfg["ceil_mode"])
    k = _as_tuple(cfg["kernel"], n)
    s = k if cfg["stride"] is None else _as_tuple(cfg["stride"], n)
    expect = tuple(
        _out_len(cfg["shape"][2 + i], k[i], s[i],
                 _as_tuple(cfg["padding"], n)[i],
                 _as_tuple(cfg["dilation"], n)[i], cfg["ceil_mode"])[0]
        for i in range(n))
    assert tuple(out.shape[2:]) == expect, cfg


# ---------------------------------------------------------------------------
# Max pooling.


def _max_case(cfg, x, channels_last, *, unbatched=False, rng=None,
              equal_nan=False):
  """Compares values, indices and grads of both jaxpool max paths."""
  n = cfg["d"]
  args = (cfg["kernel"], cfg["stride"], cfg["padding"], cfg["dilation"],
          cfg["ceil_mode"])
  rng = rng or np.random.default_rng(0)
  t_out, t_idx, t_grad, cot = _torch_fwd_bwd(
      lambda a: _T_MAX[n](a, *args, return_indices=True), x, _cot_maker(rng),
      indices=True)
  call = _Call(_MAX[n], _kw(kernel_size=cfg["kernel"], stride=cfg["stride"],
                            padding=cfg["padding"], dilation=cfg["dilation"],
                            ceil_mode=cfg["ceil_mode"],
                            channels_last=channels_last))
  out, grad, out_i, idx, grad_i = _max_value_index_grad(
      call, jnp.asarray(_layout(x, channels_last, unbatched)),
      jnp.asarray(_layout(cot, channels_last, unbatched)))
  assert idx.dtype == jnp.int32
  for o in (out, out_i):
    o = _unlayout(o, channels_last, unbatched)
    assert o.dtype == np.float32
    np.testing.assert_array_equal(o, t_out)  # exact, NaN == NaN
  np.testing.assert_array_equal(
      _unlayout(idx, channels_last, unbatched).astype(np.int64), t_idx)
  for g in (grad, grad_i):
    _assert_close(_unlayout(g, channels_last, unbatched), t_grad,
                  equal_nan=equal_nan)


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg", MAX_GRID, ids=_MAX_IDS)
def test_max_pool_unique(cfg, channels_last):
  rng = np.random.default_rng(_seed("max", _cfg_id(cfg)))
  _max_case(cfg, _unique_input(rng, cfg["shape"]), channels_last, rng=rng)


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg", MAX_GRID, ids=_MAX_IDS)
def test_max_pool_ties(cfg, channels_last):
  """Many ties: the first max in row-major window order wins, in values,
  indices and gradient routing."""
  rng = np.random.default_rng(_seed("ties", _cfg_id(cfg)))
  x = rng.integers(0, 3, size=cfg["shape"]).astype(np.float32)
  _max_case(cfg, x, channels_last, rng=rng)


_NAN_GRID = [c for i, c in enumerate(MAX_GRID) if i % 3 == 0]


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg", _NAN_GRID, ids=[_cfg_id(c) for c in _NAN_GRID])
def test_max_pool_nan(cfg, channels_last):
  """NaNs propagate; the index is the window's last NaN (PyTorch's CPU
  rule), and the gradient goes there."""
  rng = np.random.default_rng(_seed("nan", _cfg_id(cfg)))
  x = rng.integers(0, 3, size=cfg["shape"]).astype(np.float32)
  x[rng.random(cfg["shape"]) < 0.25] = np.nan
  _max_case(cfg, x, channels_last, rng=rng, equal_nan=True)


_UNBATCHED_MAX = [MAX_GRID[1], MAX_GRID[9], MAX_GRID[17]]  # 1d, 2d, 3d


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg", _UNBATCHED_MAX,
                         ids=[_cfg_id(c) for c in _UNBATCHED_MAX])
def test_max_pool_unbatched(cfg, channels_last):
  rng = np.random.default_rng(_seed("unbatched", _cfg_id(cfg)))
  x = _unique_input(rng, cfg["shape"][1:])  # (C, *spatial)
  _max_case(cfg, x, channels_last, unbatched=True, rng=rng)


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
def test_max_pool_window_of_padding_only(channels_last):
  """With dilation a window can read only padding: PyTorch gives -inf and
  the (out-of-plane) index of its first in-plane-aligned tap; forward only,
  since PyTorch's backward would write outside the plane."""
  x = np.arange(4, dtype=np.float32).reshape(1, 1, 2, 2)
  cfgs = [((1, 1, 1), 2, 1, 1, 2), ((1, 1, 2), 2, 1, 1, 2),
          ((1, 1, 2, 2), 2, 1, 1, 2), ((1, 1, 1, 3), (2, 1), 1, (1, 0),
                                       (2, 1))]
  for shape, k, s, p, dil in cfgs:
    n = len(shape) - 2
    x = np.arange(math.prod(shape), dtype=np.float32).reshape(shape)
    t_out, t_idx = _T_MAX[n](torch.tensor(x), k, s, p, dil,
                             return_indices=True)
    out, idx = _MAX[n](jnp.asarray(_layout(x, channels_last)), k, s, p, dil,
                       return_indices=True, channels_last=channels_last)
    np.testing.assert_array_equal(_unlayout(out, channels_last),
                                  t_out.numpy())
    np.testing.assert_array_equal(
        _unlayout(idx, channels_last).astype(np.int64), t_idx.numpy())


def test_max_pool_integer():
  """Integer inputs (PyTorch: 2-d/3-d, with indices): exact values and
  indices; jaxpool keeps the input dtype."""
  rng = np.random.default_rng(7)
  x = rng.integers(-5, 5, size=(2, 3, 5, 4)).astype(np.int32)
  t_out, t_idx = TF.max_pool2d(torch.tensor(x), 3, 2, 1,
                               return_indices=True, ceil_mode=True)
  for cl in (False, True):
    out, idx = jax.jit(lambda a, cl=cl: F.max_pool2d(
        a, 3, 2, 1, ceil_mode=True, return_indices=True,
        channels_last=cl))(jnp.asarray(_layout(x, cl)))
    assert out.dtype == jnp.int32
    np.testing.assert_array_equal(_unlayout(out, cl), t_out.numpy())
    np.testing.assert_array_equal(_unlayout(idx, cl), t_idx.numpy())


# ---------------------------------------------------------------------------
# Average pooling.


def _avg_call(cfg, channels_last):
  kw = dict(kernel_size=cfg["kernel"], stride=cfg["stride"],
            padding=cfg["padding"], ceil_mode=cfg["ceil_mode"],
            count_include_pad=cfg["count_include_pad"],
            channels_last=channels_last)
  if cfg["d"] > 1:
    kw["divisor_override"] = cfg.get("divisor_override")
  return _Call(_AVG[cfg["d"]], _kw(**kw))


def _torch_avg(cfg):
  n = cfg["d"]
  extra = {"divisor_override": cfg.get("divisor_override")} if n > 1 else {}
  return lambda a: _T_AVG[n](a, cfg["kernel"], cfg["stride"], cfg["padding"],
                             cfg["ceil_mode"], cfg["count_include_pad"],
                             **extra)


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg", AVG_GRID, ids=_AVG_IDS)
def test_avg_pool(cfg, channels_last):
  rng = np.random.default_rng(_seed("avg", _cfg_id(cfg)))
  x = rng.standard_normal(cfg["shape"]).astype(np.float32)
  t_out, _, t_grad, cot = _torch_fwd_bwd(_torch_avg(cfg), x, _cot_maker(rng))
  out, grad = _value_and_grad(_avg_call(cfg, channels_last),
                              jnp.asarray(_layout(x, channels_last)),
                              jnp.asarray(_layout(cot, channels_last)))
  assert out.dtype == jnp.float32
  _assert_close(_unlayout(out, channels_last), t_out)
  _assert_close(_unlayout(grad, channels_last), t_grad)


_UNBATCHED_AVG = [AVG_GRID[0], AVG_GRID[8], AVG_GRID[15]]


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg", _UNBATCHED_AVG,
                         ids=[_cfg_id(c) for c in _UNBATCHED_AVG])
def test_avg_pool_unbatched(cfg, channels_last):
  rng = np.random.default_rng(_seed("avg-unbatched", _cfg_id(cfg)))
  x = rng.standard_normal(cfg["shape"][1:]).astype(np.float32)
  t_out, _, t_grad, cot = _torch_fwd_bwd(_torch_avg(cfg), x, _cot_maker(rng))
  out, grad = _value_and_grad(_avg_call(cfg, channels_last),
                              jnp.asarray(_layout(x, channels_last, True)),
                              jnp.asarray(_layout(cot, channels_last, True)))
  _assert_close(_unlayout(out, channels_last, True), t_out)
  _assert_close(_unlayout(grad, channels_last, True), t_grad)


# ---------------------------------------------------------------------------
# Power-average pooling.


_LP_CASES = []
for _i, _cfg in enumerate(LP_GRID):
  _LP_CASES.append((_cfg, (1, 2, 3, math.inf, 1.5, -math.inf, 2, 3, 1.5)[_i]))


def _lp_run(cfg, norm, x, channels_last, rng, equal_nan=False):
  n = cfg["d"]
  t_out, _, t_grad, cot = _torch_fwd_bwd(
      lambda a: _T_LP[n](a, norm, cfg["kernel"], cfg["stride"],
                         cfg["ceil_mode"]), x, _cot_maker(rng))
  call = _Call(_LP[n], _kw(norm_type=norm, kernel_size=cfg["kernel"],
                           stride=cfg["stride"], ceil_mode=cfg["ceil_mode"],
                           channels_last=channels_last))
  out, grad = _value_and_grad(call, jnp.asarray(_layout(x, channels_last)),
                              jnp.asarray(_layout(cot, channels_last)))
  assert out.dtype == jnp.float32
  _assert_close(_unlayout(out, channels_last), t_out, rtol=2e-6,
                equal_nan=equal_nan)
  _assert_close(_unlayout(grad, channels_last), t_grad, rtol=2e-6,
                equal_nan=equal_nan)


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg,norm", _LP_CASES,
                         ids=[f"{_cfg_id(c)}-p{p}" for c, p in _LP_CASES])
def test_lp_pool_positive(cfg, norm, channels_last):
  rng = np.random.default_rng(_seed("lp", _cfg_id(cfg), norm))
  x = rng.uniform(0.5, 2.0, size=cfg["shape"]).astype(np.float32)
  _lp_run(cfg, norm, x, channels_last, rng)


_LP_SIGNED = [(LP_GRID[1], 2), (LP_GRID[4], 3), (LP_GRID[7], 3),
              (LP_GRID[2], math.inf)]


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg,norm", _LP_SIGNED,
                         ids=[f"{_cfg_id(c)}-p{p}" for c, p in _LP_SIGNED])
def test_lp_pool_signed(cfg, norm, channels_last):
  """Signed input: no abs before the power, so an odd p keeps the sign and a
  negative window sum under the root gives NaN, as PyTorch."""
  rng = np.random.default_rng(_seed("lp-signed", _cfg_id(cfg), norm))
  x = _unique_input(rng, cfg["shape"])
  _lp_run(cfg, norm, x, channels_last, rng, equal_nan=True)


@pytest.mark.parametrize("norm", [2, 3])
def test_lp_pool_zero_windows(norm):
  """Windows summing to 0 (all-zero inputs): output 0 and the same gradient
  as PyTorch."""
  x = np.zeros((1, 2, 4, 4), np.float32)
  x[0, 0, :2, :2] = [[1.0, 2.0], [0.5, 0.25]]
  rng = np.random.default_rng(3)
  cfg = dict(d=2, shape=x.shape, kernel=2, stride=None, ceil_mode=False)
  _lp_run(cfg, norm, x, False, rng)  # no NaN anywhere


@pytest.mark.parametrize("norm", [2, 1.5, 3])
def test_lp_pool_nan_and_inf_gradients(norm):
  """Non-finite windows: NaN and inf reach the same gradient entries as in
  PyTorch's autograd (an inf input poisons only its own entry; a window
  whose power is NaN poisons the whole window)."""
  x = np.array([1.0, 2.0, -1.0, 0.5, np.inf, 1.0, 0.0, 0.0, -2.0, 3.0],
               np.float32).reshape(1, 1, 10)
  rng = np.random.default_rng(5)
  cfg = dict(d=1, shape=x.shape, kernel=2, stride=None, ceil_mode=False)
  _lp_run(cfg, norm, x, False, rng, equal_nan=True)


# ---------------------------------------------------------------------------
# Max unpooling (indices from PyTorch's max pooling).


_UNPOOL_CASES = [
    # (spatial size, kernel, stride, padding, output_size (spatial) or None)
    ((6,), 2, 2, 0, None),
    ((7,), 3, 2, 1, None),
    ((7,), 2, 2, 0, (7,)),
    ((4, 6), 2, 2, 0, None),
    ((5, 5), 3, 2, 1, None),
    ((5, 7), 2, 2, 0, (5, 7)),
    ((6, 5), (3, 2), (2, 2), (1, 0), (6, 5)),
    ((4, 4, 4), 2, 2, 0, None),
    ((5, 3, 5), 3, 2, 1, None),
    ((5, 5, 3), 2, 2, 0, (5, 5, 3)),
    ((5, 6, 3), 3, 2, 1, "full"),
]


def _unpool_id(case):
  sp, k, s, p, os_ = case
  return (f"{len(sp)}d-{'x'.join(map(str, sp))}-k{k}-s{s}-p{p}-os{os_}"
          .replace(" ", ""))


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("case", _UNPOOL_CASES,
                         ids=[_unpool_id(c) for c in _UNPOOL_CASES])
def test_max_unpool(case, channels_last):
  sp, k, s, p, output_size = case
  n = len(sp)
  rng = np.random.default_rng(_seed("unpool", _unpool_id(case)))
  shape = (2, 3) + sp
  src = _unique_input(rng, shape)
  pooled, t_idx = _T_MAX[n](torch.tensor(src), k, s, p, return_indices=True)
  values = pooled.numpy()
  idx = t_idx.numpy()
  t_os = None
  j_os = output_size
  if output_size == "full":
    t_os = shape
    j_os = (shape[0],) + sp + (shape[1],) if channels_last else shape
  elif output_size is not None:
    t_os = output_size
  t_out, _, t_grad, cot = _torch_fwd_bwd(
      lambda a: _T_UNPOOL[n](a, torch.tensor(idx), k, s, p, t_os), values,
      _cot_maker(rng))
  call = _Call(_UNPOOL[n], _kw(kernel_size=k, stride=s, padding=p,
                               output_size=j_os, channels_last=channels_last))
  out, grad = _unpool_value_and_grad(
      call, jnp.asarray(_layout(values, channels_last)),
      jnp.asarray(_layout(idx, channels_last).astype(np.int32)),
      jnp.asarray(_layout(cot, channels_last)))
  np.testing.assert_array_equal(_unlayout(out, channels_last), t_out)
  _assert_close(_unlayout(grad, channels_last), t_grad)


def test_max_unpool_eager_with_jaxpool_indices():
  """Eager round trip through jaxpool's own indices, unbatched."""
  rng = np.random.default_rng(11)
  x = _unique_input(rng, (3, 5, 5))  # (C, H, W)
  t_v, t_i = TF.max_pool2d(torch.tensor(x), 3, 2, 1, return_indices=True)
  t_out = TF.max_unpool2d(t_v, t_i, 3, 2, 1, (5, 5)).numpy()
  for cl in (True,):  # both layouts are covered under jit
    v, i = F.max_pool2d(jnp.asarray(_layout(x, cl, True)), 3, 2, 1,
                        return_indices=True, channels_last=cl)
    out = F.max_unpool2d(v, i, 3, 2, 1, (5, 5), channels_last=cl)
    np.testing.assert_array_equal(_unlayout(out, cl, True), t_out)


# ---------------------------------------------------------------------------
# Half precision and float64.


_HALF = [("float16", np.float16, torch.float16, 2e-3),
         ("bfloat16", jnp.bfloat16, torch.bfloat16, 1.6e-2)]
_HALF_MAX = [MAX_GRID[1], MAX_GRID[20]]  # 1d, 3d
_HALF_AVG = [AVG_GRID[1], AVG_GRID[8]]


def _round_to(x32: np.ndarray, jdtype) -> np.ndarray:
  return np.asarray(jnp.asarray(x32).astype(jdtype).astype(jnp.float32))


@pytest.mark.parametrize("half", _HALF, ids=[h[0] for h in _HALF])
@pytest.mark.parametrize("cfg", _HALF_MAX, ids=[_cfg_id(c) for c in _HALF_MAX])
def test_max_pool_half(cfg, half):
  """Max pooling is exact in half precision (values and indices)."""
  _, jdtype, tdtype, _ = half
  n = cfg["d"]
  rng = np.random.default_rng(_seed("half-max", _cfg_id(cfg)))
  x = _round_to(rng.standard_normal(cfg["shape"]).astype(np.float32), jdtype)
  t_out, t_idx = _T_MAX[n](torch.tensor(x).to(tdtype), cfg["kernel"],
                           cfg["stride"], cfg["padding"], cfg["dilation"],
                           cfg["ceil_mode"], return_indices=True)
  for cl in (True,):  # both layouts are covered in float32
    call = _Call(_MAX[n], _kw(kernel_size=cfg["kernel"], stride=cfg["stride"],
                              padding=cfg["padding"],
                              dilation=cfg["dilation"],
                              ceil_mode=cfg["ceil_mode"], channels_last=cl))
    out, idx = jax.jit(lambda a, c=call: c(a, return_indices=True))(
        jnp.asarray(_layout(x, cl)).astype(jdtype))
    assert out.dtype == jdtype
    np.testing.assert_array_equal(
        _unlayout(out.astype(jnp.float32), cl), t_out.float().numpy())
    np.testing.assert_array_equal(_unlayout(idx, cl), t_idx.numpy())


@pytest.mark.parametrize("half", _HALF, ids=[h[0] for h in _HALF])
@pytest.mark.parametrize("cfg", _HALF_AVG, ids=[_cfg_id(c) for c in _HALF_AVG])
def test_avg_pool_half(cfg, half):
  _, jdtype, tdtype, rtol = half
  rng = np.random.default_rng(_seed("half-avg", _cfg_id(cfg)))
  x = _round_to(rng.standard_normal(cfg["shape"]).astype(np.float32), jdtype)
  t_out = _torch_avg(cfg)(torch.tensor(x).to(tdtype)).float().numpy()
  for cl in (True,):  # both layouts are covered in float32
    out = jax.jit(lambda a, c=_avg_call(cfg, cl): c(a))(
        jnp.asarray(_layout(x, cl)).astype(jdtype))
    assert out.dtype == jdtype
    _assert_close(_unlayout(out.astype(jnp.float32), cl), t_out, rtol=rtol,
                  atol=rtol)


def test_float64_max_pool_x64():
  """Under x64: float64 values and grads, int64 indices, as PyTorch."""
  cfg = MAX_GRID[12]
  n = cfg["d"]
  rng = np.random.default_rng(5)
  with jax.enable_x64(True):
    x = _unique_input(rng, cfg["shape"], np.float64)
    t_out, t_idx, t_grad, cot = _torch_fwd_bwd(
        lambda a: _T_MAX[n](a, cfg["kernel"], cfg["stride"], cfg["padding"],
                            cfg["dilation"], cfg["ceil_mode"],
                            return_indices=True),
        x, _cot_maker(rng, np.float64), indices=True)
    call = _Call(_MAX[n], _kw(kernel_size=cfg["kernel"], stride=cfg["stride"],
                              padding=cfg["padding"],
                              dilation=cfg["dilation"],
                              ceil_mode=cfg["ceil_mode"], channels_last=True))
    out, grad, out_i, idx, grad_i = _max_value_index_grad(
        call, jnp.asarray(_to_cl(x)), jnp.asarray(_to_cl(cot)))
    assert out.dtype == jnp.float64 and idx.dtype == jnp.int64
    for o in (out, out_i):
      np.testing.assert_array_equal(_from_cl(o), t_out)
    np.testing.assert_array_equal(_from_cl(idx), t_idx)
    for g in (grad, grad_i):
      _assert_close(_from_cl(g), t_grad, rtol=1e-12, atol=1e-12)


def test_float64_avg_pool_x64():
  cfg = AVG_GRID[10]
  rng = np.random.default_rng(6)
  with jax.enable_x64(True):
    x = rng.standard_normal(cfg["shape"])
    t_out, _, t_grad, cot = _torch_fwd_bwd(
        _torch_avg(cfg), x, _cot_maker(rng, np.float64))
    out, grad = _value_and_grad(_avg_call(cfg, True), jnp.asarray(_to_cl(x)),
                                jnp.asarray(_to_cl(cot)))
    assert out.dtype == jnp.float64
    _assert_close(_from_cl(out), t_out, rtol=1e-12, atol=1e-12)
    _assert_close(_from_cl(grad), t_grad, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------
# Modules: same name, same positional fields as torch.nn.


_MODULE_CASES = [
    ("MaxPool1d", (3, 2, 1, 2, False, True), (2, 3, 9)),
    ("MaxPool2d", ((3, 2), (2, 1), (1, 0), 1, True, True), (2, 3, 6, 5)),
    ("MaxPool3d", (2, 2, 1, 1, False, True), (1, 2, 5, 4, 3)),
    ("AvgPool1d", (3, 2, 1, True, False), (2, 3, 8)),
    ("AvgPool2d", (3, 2, 1, True, True, None), (2, 3, 6, 7)),
    ("AvgPool3d", (2, 2, 1, True, False, 3), (1, 2, 5, 3, 4)),
    ("LPPool1d", (2, 3, 2, True), (2, 3, 8)),
    ("LPPool2d", (1.5, (2, 3), 2, True), (2, 3, 5, 7)),
    ("LPPool3d", (3, 2, None, False), (1, 2, 4, 4, 5)),
]


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("name,args,shape", _MODULE_CASES,
                         ids=[c[0] for c in _MODULE_CASES])
def test_module_matches_torch(name, args, shape, channels_last):
  rng = np.random.default_rng(_seed("module", name))
  x = _unique_input(rng, shape)
  if name.startswith("LP"):
    x = np.abs(x) + np.float32(0.25)
  t_res = getattr(torch.nn, name)(*args)(torch.tensor(x))
  j_res = getattr(jnn, name)(*args, channels_last=channels_last).apply(
      {}, jnp.asarray(_layout(x, channels_last)))
  if not isinstance(t_res, tuple):
    t_res, j_res = (t_res,), (j_res,)
  assert len(j_res) == len(t_res)
  for j, t in zip(j_res, t_res):
    j = _unlayout(j, channels_last)
    if t.dtype == torch.int64:
      np.testing.assert_array_equal(j, t.numpy())
    else:
      _assert_close(j, t.numpy(), rtol=2e-6)


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_module_matches_torch(n, channels_last):
  rng = np.random.default_rng(_seed("unpool-module", n))
  sp = (5, 7, 3)[:n]
  x = _unique_input(rng, (1, 2) + sp)
  pool = getattr(torch.nn, f"MaxPool{n}d")(3, 2, 1, return_indices=True)
  t_v, t_i = pool(torch.tensor(x))
  t_out = getattr(torch.nn, f"MaxUnpool{n}d")(3, 2, 1)(t_v, t_i, sp)
  j_out = getattr(jnn, f"MaxUnpool{n}d")(3, 2, 1, channels_last=channels_last
                                        ).apply(
      {}, jnp.asarray(_layout(t_v.numpy(), channels_last)),
      jnp.asarray(_layout(t_i.numpy(), channels_last).astype(np.int32)),
      output_size=sp)
  np.testing.assert_array_equal(_unlayout(j_out, channels_last),
                                t_out.numpy())
