"""Non-finite and extreme inputs on every internal path of the pooling core.

The library picks among internal paths by size thresholds and shape
predicates. Each is named in ``PATHS`` with a setting that puts small inputs
on either of its sides; ``test_every_threshold_is_named`` fails when the
library gains a module-level threshold that is not named here, and
``test_each_side_is_a_different_program`` that a setting changes nothing.

Inputs stack four flavours along the batch: ties among small integers and
signed zeros; NaN, +-inf and -0 sprinkled over normal values; values near
the float32 limit, whose sums overflow part-way; and -inf/-0 planes with a
few NaN (all -inf and all -0 windows). They are checked against the NumPy
oracle, which follows PyTorch's definitions (float32 running sums where
PyTorch sums): NaN/+inf/-inf must sit exactly where the oracle has them, a
zero's sign must match where the oracle's is certain, and finite values must
lie within the error bound of a float32 sum of the window. Live PyTorch
(channels-first, 2.13 CPU) is compared the same way where installed.
Gradients too: max pooling's (fixed-window, adaptive and fractional) goes
to PyTorch's index; average, LP and unpooling gradients with cotangents
holding NaN and +-inf.
"""

import contextlib
import math
import os
import pathlib
import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool
import jaxpool.functional as F
from jaxpool._src.core import geometry
from jaxpool._src.pool import adaptive
from jaxpool._src.schedules.cpu import phases
from jaxpool._src.schedules.cpu import place
from jaxpool._src.schedules.cpu import reduce
from jaxpool._src.schedules import separable
from jaxpool._src.schedules.cpu import regions
from jaxpool._src.schedules.cpu import views
from tests.support import oracle
from tests.support.helpers import from_layout, to_layout

try:
  import torch
  import torch.nn.functional as TF
except ImportError:
  torch = None

MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
LP = {1: F.lp_pool1d, 2: F.lp_pool2d, 3: F.lp_pool3d}
UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}
AMAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d,
        3: F.adaptive_max_pool3d}
AAVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d,
        3: F.adaptive_avg_pool3d}
FRAC = {2: F.fractional_max_pool2d, 3: F.fractional_max_pool3d}

BIG = 1 << 62
F32_MAX = float(np.finfo(np.float32).max)


def _always(value):
  return lambda *_: value


# Every threshold and shape predicate that picks an internal path:
# (module, attribute) -> {side: setting}. Cases below say which ops each
# path serves.
PATHS = {
    # Padded windows by regions (interior, borders) from this many outputs.
    (regions, "SPLIT_MIN_OUTPUTS"): {"split": 0, "whole": BIG},
    # Max pooling's gradient (and unpooling's placement) from stride phases
    # fused up to this many kernel offsets, stored beyond.
    (phases, "FUSED_PHASES_MAX_OFFSETS"): {"fused": BIG, "stored": 0},
    # Padded windows' views (max, first max, index) from one padded copy up
    # to this many inputs, else sliced and padded one by one.
    (views, "PAD_FIRST_MAX_INPUTS"): {"padded copy": BIG, "sliced": 0},
    # Max pooling's input cotangent stored (overlapping windows) up to this
    # many inputs, else fused into its consumers.
    (reduce, "STORE_COTANGENT_MAX_INPUTS"): {"stored": BIG, "fused": 0},
    # Max pooling's tangent read from stride phases, or strided views.
    (phases, "tangent_phases_pay"): {"phases": _always(True),
                                      "strided": _always(False)},
    # Average/LP tangents summed one dim at a time, or whole windows.
    (phases, "overlaps_in_two_strided_dims"): {"by dim": _always(True),
                                                "whole": _always(False)},
    # Unpooling places values in windows from this many inputs, else scatters.
    (place, "PLACE_MIN_INPUTS"): {"placed": 0, "scattered": BIG},
    # Adaptive axes read as per-offset views up to this many slices.
    (separable, "_MAX_VIEW_SLICES"): {"views": BIG, "blocks": 0},
    # Adaptive axes reduced per phase up to this many phases, else gathered.
    (separable, "_MAX_PHASES"): {"phases": BIG, "gather": 0},
    # Adaptive averages as a running sum up to this many taps per bin.
    (adaptive, "_MAX_RUNNING_TAPS"): {"running": BIG, "by axis": 0},
    # Adaptive max's tangent per axis: blocks (bins tiling the axis), or
    # spread in the gather form.
    (separable, "_tiles"): {"blocks": _always(True),
                            "spread": _always(False)},
}

# Settings a path needs to be reached at all: phases and gathers are the
# adaptive layouts past the views.
REACH = {(separable, "_MAX_PHASES"): {(separable, "_MAX_VIEW_SLICES"): 0}}

# Shape-dependent branches that no setting moves, covered by the cases:
# windows of three dims run in stored stages (cpu schedule); channels
# first or last; padded or not; ceil_mode's clipped last window.

# (n, channels-first shape, kernel, stride, padding, ceil_mode)
WINDOWS = {
    "2d k3 s2 p1": (2, (4, 3, 9, 8), 3, 2, 1, False),
    "2d k2 s2 ceil": (2, (4, 3, 7, 6), 2, 2, 0, True),
    "1d k3 s2 p1": (1, (4, 3, 11), 3, 2, 1, False),
    "3d k3 s2 p1": (3, (4, 2, 5, 6, 5), 3, 2, 1, False),
}
# (n, channels-first shape, output size)
BINS = {
    "2d 10 to 7": (2, (4, 3, 10, 10), 7),
    "2d disjoint": (2, (4, 3, 9, 6), (3, 2)),
    "1d 30 to 7": (1, (4, 3, 30), 7),
    "3d overlapping": (3, (4, 2, 5, 9, 7), (4, 4, 2)),
    "2d global": (2, (4, 3, 7, 7), 1),
}
# (n, channels-first shape, kernel, output size)
FRACTIONAL = {
    "2d": (2, (4, 3, 9, 11), 2, (4, 5)),
    "3d": (3, (4, 2, 7, 6, 8), 2, (3, 3, 4)),
}

# Which ops each path serves, and on which cases.
POOL_PATHS = ["SPLIT_MIN_OUTPUTS", "PAD_FIRST_MAX_INPUTS",
              "FUSED_PHASES_MAX_OFFSETS", "STORE_COTANGENT_MAX_INPUTS",
              "tangent_phases_pay", "overlaps_in_two_strided_dims",
              "PLACE_MIN_INPUTS"]
ADAPTIVE_PATHS = ["_MAX_VIEW_SLICES", "_MAX_PHASES", "_MAX_RUNNING_TAPS",
                  "_tiles"]


def edge_input(shape, seed=0):
  """Four flavours, one per sample (the batch dim, first, has size 4)."""
  rng = np.random.default_rng(seed)
  plane = shape[1:]
  ties = rng.choice(np.float32([-2, -1, -0.0, 0, 1, 2]), plane)
  sprinkled = rng.standard_normal(plane).astype(np.float32)
  r = rng.random(plane)
  sprinkled[r < 0.07] = np.nan
  sprinkled[(r >= 0.07) & (r < 0.14)] = np.inf
  sprinkled[(r >= 0.14) & (r < 0.21)] = -np.inf
  sprinkled[(r >= 0.21) & (r < 0.28)] = -0.0
  near_max = rng.choice(np.float32([F32_MAX, -F32_MAX, 3e38, -3e38, 2e38,
                                    -2e38, 1e38, -1e38, 1.5, -0.5]), plane)
  low = np.where(rng.random(plane) < 0.5, -np.inf, -0.0).astype(np.float32)
  low[rng.random(plane) < 0.05] = np.nan
  return np.stack([ties, sprinkled, near_max, low]).astype(np.float32)


def edge_cotangent(shape, seed=1):
  """Normal values with NaN and +-inf sprinkled (no near-overflow: PyTorch
  accumulates gradients in output order, jaxpool in another)."""
  rng = np.random.default_rng(seed)
  c = rng.standard_normal(shape).astype(np.float32)
  r = rng.random(shape)
  c[r < 0.05] = np.nan
  c[(r >= 0.05) & (r < 0.1)] = np.inf
  c[(r >= 0.1) & (r < 0.15)] = -np.inf
  return c


def assert_classes(got, want, what):
  """NaN, +inf and -inf exactly where ``want`` has them."""
  got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
  for name, pred in (("NaN", np.isnan), ("+inf", np.isposinf),
                     ("-inf", np.isneginf)):
    bad = pred(got) != pred(want)
    assert not bad.any(), (
        f"{what}: {name} differs at {np.argwhere(bad)[:4].tolist()}: got "
        f"{got[bad][:4]}, want {want[bad][:4]}")


def assert_within(got, want, bound, what, finite=None):
  """Within ``bound`` of ``want`` where ``finite`` (default: ``want``'s
  finite values; pass the float32 reference's where ``want`` is float64)."""
  got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
  fin = np.isfinite(want) if finite is None else np.isfinite(finite)
  err = np.abs(got[fin] - want[fin])
  tiny = 4 * float(np.finfo(np.float32).tiny)  # XLA:CPU flushes subnormals
  bad = err > np.broadcast_to(bound, want.shape)[fin] + tiny
  assert not bad.any(), (f"{what}: off by {err[bad][:4]} (bound "
                         f"{np.broadcast_to(bound, want.shape)[fin][bad][:4]})")


def assert_plus_zero_sums(got, want32, what):
  """Where PyTorch's float32 result is exactly zero its sign is certain."""
  zero = np.asarray(want32) == 0
  assert (np.signbit(np.asarray(got))[zero]
          == np.signbit(np.asarray(want32))[zero]).all(), what


@pytest.fixture
def path_side(request, monkeypatch):
  """Puts the library on one side of a named path (then clears the jit
  caches, whose traces were made on the other)."""
  (module, attr), side = request.param
  for (m, a), value in REACH.get((module, attr), {}).items():
    monkeypatch.setattr(m, a, value)
  monkeypatch.setattr(module, attr, PATHS[(module, attr)][side])
  jax.clear_caches()
  with _schedule_of(module):
    yield f"{attr}={side}"
  jax.clear_caches()


def _schedule_of(module):
  """The cpu schedule's paths are taken only under it (whatever
  JAXPOOL_SCHEDULE this run has); the families' paths under either."""
  if module.__name__.startswith("jaxpool._src.schedules.cpu"):
    return jaxpool.schedule("cpu")
  return contextlib.nullcontext()


def _path_params(names):
  params = []
  for (module, attr), sides in PATHS.items():
    if attr in names:
      params += [pytest.param(((module, attr), side),
                              id=f"{attr}={side}") for side in sides]
  return params


def _torch_cf(x):
  return torch.tensor(np.asarray(x), requires_grad=True)


def check_winners(fn, x, channels_last, want, what):
  """Values and indices of a max pooling ``fn`` (channels-first ``x`` in
  the layout under test) equal the oracle's ``want``, and its gradient
  goes to the index. Returns values, indices, cotangent and gradient,
  channels-first."""
  (v, i), vjp = jax.vjp(fn, to_layout(x, channels_last))
  want_v, want_i = want
  got_v, got_i = from_layout(v, channels_last), from_layout(i, channels_last)
  assert_classes(got_v, want_v, what)
  np.testing.assert_array_equal(got_v, want_v)
  np.testing.assert_array_equal(got_i, want_i)
  cot = np.random.default_rng(2).standard_normal(want_v.shape).astype(
      np.float32)
  zero_i = np.zeros(i.shape, jax.dtypes.float0)
  grad = from_layout(vjp((to_layout(cot, channels_last), zero_i))[0],
                     channels_last)
  np.testing.assert_allclose(grad, oracle.max_pool_grad(x, want_i, cot),
                             rtol=1e-6, atol=1e-6)
  return got_v, got_i, cot, grad


# ---- fixed-window pooling ----------------------------------------------------

def _window_args(case):
  n, shape, k, s, p, ceil = WINDOWS[case]
  return n, shape, (k,) * n, (s,) * n, [(p, p)] * n, ceil


def check_max(case, channels_last):
  n, shape, k, s, pairs, ceil = _window_args(case)
  p = pairs[0][0]
  x = edge_input(shape)
  fn = lambda z: MAX[n](z, k, s, p, 1, ceil, True, channels_last=channels_last)
  got_v, got_i, cot, grad = check_winners(
      fn, x, channels_last, oracle.max_pool(x, k, s, pairs, None, ceil),
      f"max {case}")
  if torch is not None:
    xt = _torch_cf(x)
    mp = {1: TF.max_pool1d, 2: TF.max_pool2d, 3: TF.max_pool3d}[n]
    tv, ti = mp(xt, k, s, p, 1, ceil, True)
    (tv * torch.tensor(cot)).sum().backward()
    np.testing.assert_array_equal(got_v, tv.detach().numpy())
    np.testing.assert_array_equal(got_i, ti.numpy())
    np.testing.assert_allclose(grad, xt.grad.numpy(), rtol=1e-6, atol=1e-6)


def _avg_bound(x, k, s, pairs, ceil, cip, divisor_override):
  abs_mean = oracle.avg_pool(np.abs(x.astype(np.float64)), k, s, pairs, ceil,
                             cip, divisor_override)
  eps = np.finfo(np.float32).eps
  # A float32 running sum of the taps, a division (or reciprocal product).
  return (math.prod(k) + 2) * eps * np.abs(abs_mean)


def _avg_grad_ref(x_shape, k, s, pairs, ceil, cip, cot):
  """PyTorch's backward as a loop: each window's cotangent over its
  divisor, added to its in-bounds taps (float64; classes as float32's, the
  cotangents being far from overflow)."""
  ones = np.ones((1, 1) + x_shape[2:])
  n = len(k)
  g = np.zeros(x_shape, np.float64)
  outs = cot.shape[2:]
  for o in np.ndindex(*outs):
    lo_, hi_, pool = [], [], 1
    for dim in range(n):
      start = o[dim] * s[dim] - pairs[dim][0]
      end = min(start + k[dim], x_shape[2 + dim] + pairs[dim][1])
      pool *= end - start
      lo_.append(max(start, 0))
      hi_.append(min(end, x_shape[2 + dim]))
    region = tuple(slice(a, b) for a, b in zip(lo_, hi_))
    div = pool if cip else ones[(0, 0) + region].size
    with np.errstate(invalid="ignore"):
      g[(...,) + region] += (cot[(...,) + o] / div)[
          (...,) + (None,) * n]
  return g


def check_avg(case, channels_last, count_include_pad=True):
  n, shape, k, s, pairs, ceil = _window_args(case)
  p = pairs[0][0]
  x = edge_input(shape)
  xin = to_layout(x, channels_last)
  fn = lambda z: AVG[n](z, k, s, p, ceil, count_include_pad,
                        channels_last=channels_last)
  v, vjp = jax.vjp(fn, xin)
  got = from_layout(v, channels_last)
  want32 = oracle.avg_pool(x, k, s, pairs, ceil, count_include_pad,
                           running_dtype=np.float32)
  want64 = oracle.avg_pool(x, k, s, pairs, ceil, count_include_pad)
  assert_classes(got, want32, f"avg {case}")
  assert_within(got, want64, _avg_bound(x, k, s, pairs, ceil,
                                        count_include_pad, None),
                f"avg {case}", finite=want32)
  assert_plus_zero_sums(got, want32, f"avg {case}: the sign of zero")
  cot = edge_cotangent(want32.shape)
  grad = from_layout(vjp(to_layout(cot, channels_last))[0], channels_last)
  want_g = _avg_grad_ref(shape, k, s, pairs, ceil, count_include_pad, cot)
  assert_classes(grad, want_g, f"avg gradient {case}")
  assert_within(grad, want_g, 1e-6 * (1 + np.abs(np.nan_to_num(want_g))),
                f"avg gradient {case}")
  if torch is not None:
    xt = _torch_cf(x)
    ap = {1: TF.avg_pool1d, 2: TF.avg_pool2d, 3: TF.avg_pool3d}[n]
    tv = ap(xt, k, s, p, ceil, count_include_pad)
    (tv * torch.tensor(cot)).sum().backward()
    assert_classes(got, tv.detach().numpy(), f"avg {case} vs PyTorch")
    assert_within(got, tv.detach().numpy(),
                  2 * _avg_bound(x, k, s, pairs, ceil, count_include_pad,
                                 None), f"avg {case} vs PyTorch")
    assert_plus_zero_sums(got, tv.detach().numpy(), f"avg {case} vs PyTorch")
    assert_classes(grad, xt.grad.numpy(), f"avg gradient {case} vs PyTorch")


def check_lp(case, channels_last, norm_type=2.0):
  n, shape, k, s, _, ceil = _window_args(case)
  zero = [(0, 0)] * n
  x = edge_input(shape)
  xin = to_layout(x, channels_last)
  fn = lambda z: LP[n](z, norm_type, k, s, ceil, channels_last=channels_last)
  v, vjp = jax.vjp(fn, xin)
  got = from_layout(v, channels_last)
  want32 = oracle.lp_pool(x, norm_type, k, s, ceil, running_dtype=np.float32)
  assert_classes(got, want32, f"lp {case}")
  fin = np.isfinite(want32)
  np.testing.assert_allclose(got[fin], want32[fin], rtol=1e-5, atol=1e-30)
  del zero
  if torch is not None:
    xt = _torch_cf(x)
    lp = {1: TF.lp_pool1d, 2: TF.lp_pool2d, 3: TF.lp_pool3d}[n]
    tv = lp(xt, norm_type, k if n > 1 else k[0], s, ceil)
    assert_classes(got, tv.detach().numpy(), f"lp {case} vs PyTorch")
    # Gradients: NaN where PyTorch's chain rule multiplies a zero by an
    # overflowed ``p * x**(p - 1)``, on every flavour.
    cot = np.random.default_rng(2).standard_normal(tv.shape).astype(
        np.float32)
    (tv * torch.tensor(cot)).sum().backward()
    grad = from_layout(vjp(to_layout(cot, channels_last))[0], channels_last)
    assert_classes(grad, xt.grad.numpy(), f"lp gradient {case} vs PyTorch")
    gfin = np.isfinite(xt.grad.numpy())
    np.testing.assert_allclose(grad[gfin], xt.grad.numpy()[gfin], rtol=1e-4,
                               atol=1e-6)


def check_unpool(case, channels_last):
  n, shape, k, s, pairs, ceil = _window_args(case)
  p = pairs[0][0]
  x = edge_input(shape)
  xin = to_layout(x, channels_last)
  y, idx = MAX[n](xin, k, s, p, return_indices=True,
                  channels_last=channels_last)
  fn = lambda y: UNPOOL[n](y, idx, k, s, p, output_size=shape[2:],
                           channels_last=channels_last)
  u, vjp = jax.vjp(fn, y)
  y_cf, idx_cf = from_layout(y, channels_last), from_layout(idx, channels_last)
  want = oracle.max_unpool(y_cf, idx_cf, shape[2:])
  got = from_layout(u, channels_last)
  assert_classes(got, want, f"unpool {case}")
  np.testing.assert_array_equal(got, want)
  assert (np.signbit(got) == np.signbit(want)).all(), "unpool keeps -0"
  cot = edge_cotangent(shape)
  grad = from_layout(vjp(to_layout(cot, channels_last))[0], channels_last)
  want_g = np.take_along_axis(cot.reshape(shape[:2] + (-1,)),
                              idx_cf.reshape(shape[:2] + (-1,)), 2)
  np.testing.assert_array_equal(grad, want_g.reshape(y_cf.shape))
  if torch is not None:
    mu = {1: TF.max_unpool1d, 2: TF.max_unpool2d, 3: TF.max_unpool3d}[n]
    yt = _torch_cf(y_cf)
    tu = mu(yt, torch.tensor(idx_cf.astype(np.int64)), k, s, p, shape[2:])
    (tu * torch.tensor(cot)).sum().backward()
    np.testing.assert_array_equal(got, tu.detach().numpy())
    np.testing.assert_array_equal(grad, yt.grad.numpy())


POOL_CHECKS = {
    "SPLIT_MIN_OUTPUTS": [(check_max, "2d k3 s2 p1"), (check_avg, "2d k3 s2 p1"),
                           (check_lp, "2d k2 s2 ceil"), (check_max, "3d k3 s2 p1"),
                           (check_avg, "1d k3 s2 p1")],
    "PAD_FIRST_MAX_INPUTS": [(check_max, "2d k3 s2 p1"),
                             (check_max, "2d k2 s2 ceil"),
                             (check_max, "1d k3 s2 p1"),
                             (check_max, "3d k3 s2 p1")],
    "FUSED_PHASES_MAX_OFFSETS": [(check_max, "2d k3 s2 p1"),
                                  (check_unpool, "2d k3 s2 p1")],
    "STORE_COTANGENT_MAX_INPUTS": [(check_max, "2d k3 s2 p1"),
                                    (check_max, "1d k3 s2 p1"),
                                    (check_max, "3d k3 s2 p1")],
    "tangent_phases_pay": [(check_max, "2d k3 s2 p1"), (check_max, "1d k3 s2 p1"),
                            (check_max, "3d k3 s2 p1")],
    "overlaps_in_two_strided_dims": [(check_avg, "2d k3 s2 p1"),
                                      (check_lp, "2d k2 s2 ceil")],
    "PLACE_MIN_INPUTS": [(check_unpool, "2d k3 s2 p1"),
                          (check_unpool, "1d k3 s2 p1")],
}


@pytest.mark.parametrize("path_side", _path_params(POOL_PATHS),
                         indirect=True)
@pytest.mark.parametrize("channels_last", [True, False],
                         ids=["channels_last", "channels_first"])
def test_pooling_paths_on_edge_inputs(path_side, channels_last):
  attr = path_side.split("=")[0]
  for check, case in POOL_CHECKS[attr]:
    check(case, channels_last)


@pytest.mark.parametrize("case", sorted(WINDOWS))
def test_every_window_on_edge_inputs(case):
  """Each case on the library's own choice of paths, average without
  counting padding and LP with an odd power among them."""
  check_max(case, True)
  check_avg(case, False, count_include_pad=False)
  check_lp(case, True, norm_type=3.0)
  if not WINDOWS[case][-1]:  # (max_unpool has no ceil_mode)
    check_unpool(case, False)


# ---- adaptive pooling --------------------------------------------------------

def check_adaptive(case, channels_last):
  n, shape, out = BINS[case]
  out = (out,) * n if isinstance(out, int) else out
  x = edge_input(shape)
  xin = to_layout(x, channels_last)
  fmax = lambda z: AMAX[n](z, out, True, channels_last=channels_last)
  got_v, got_i, cot, grad = check_winners(
      fmax, x, channels_last, oracle.adaptive_max_pool(x, out),
      f"adaptive max {case}")

  favg = lambda z: AAVG[n](z, out, channels_last=channels_last)
  a, avjp = jax.vjp(favg, xin)
  got_a = from_layout(a, channels_last)
  want32 = oracle.adaptive_avg_pool(x, out, running_dtype=np.float32)
  want64 = oracle.adaptive_avg_pool(x, out)
  bound = oracle.adaptive_avg_pool(np.abs(x.astype(np.float64)), out)
  acot = edge_cotangent(want32.shape)
  agrad = from_layout(avjp(to_layout(acot, channels_last))[0], channels_last)
  want_ag = oracle.adaptive_avg_grad(shape, out, acot)
  assert_classes(agrad, want_ag, f"adaptive avg gradient {case}")
  assert_within(agrad, want_ag, 1e-6 * (1 + np.abs(np.nan_to_num(want_ag))),
                f"adaptive avg gradient {case}")
  b = geometry.Bins(tuple(range(2, 2 + n)), shape[2:], out)
  # Samples compared by class: all, but the near-overflow one (2) where
  # the order of the sums is not PyTorch's (deliberate differences): bins
  # this wide are summed one axis at a time; PyTorch's global average is a
  # mean, summed in an order that depends on its memory format and ISA.
  keep = slice(None)
  if adaptive._running_taps(b) > adaptive._MAX_RUNNING_TAPS:
    keep = [0, 1, 3]
  keep_torch = [0, 1, 3] if out == (1,) * n else keep
  got_all = got_a
  got_a, want32, want64, bound = (got_a[keep], want32[keep], want64[keep],
                                  bound[keep])
  taps = math.prod(-(-L // o) + 1 for L, o in zip(shape[2:], out))
  assert_classes(got_a, want32, f"adaptive avg {case}")
  assert_within(got_a, want64, (taps + 2) * np.finfo(np.float32).eps * bound,
                f"adaptive avg {case}", finite=want32)
  assert_plus_zero_sums(got_a, want32, f"adaptive avg {case}: zero's sign")
  if torch is not None:
    xt = _torch_cf(x)
    am = {1: TF.adaptive_max_pool1d, 2: TF.adaptive_max_pool2d,
          3: TF.adaptive_max_pool3d}[n]
    tv, ti = am(xt, out, True)
    (tv * torch.tensor(cot)).sum().backward()
    np.testing.assert_array_equal(got_v, tv.detach().numpy())
    np.testing.assert_array_equal(got_i, ti.numpy())
    np.testing.assert_allclose(grad, xt.grad.numpy(), rtol=1e-6, atol=1e-6)
    xt = _torch_cf(x)
    aa = {1: TF.adaptive_avg_pool1d, 2: TF.adaptive_avg_pool2d,
          3: TF.adaptive_avg_pool3d}[n]
    ta = aa(xt, out)
    (ta * torch.tensor(acot)).sum().backward()
    ta, got_a = ta.detach().numpy()[keep_torch], got_all[keep_torch]
    assert_classes(got_a, ta, f"adaptive avg {case} vs torch")
    assert_plus_zero_sums(got_a, ta, f"adaptive avg {case}")
    assert_classes(agrad, xt.grad.numpy(), f"adaptive avg grad {case}")
    gfin = np.isfinite(xt.grad.numpy())
    np.testing.assert_allclose(agrad[gfin], xt.grad.numpy()[gfin],
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("path_side", _path_params(ADAPTIVE_PATHS),
                         indirect=True)
def test_adaptive_paths_on_edge_inputs(path_side):
  for i, case in enumerate(sorted(BINS)):
    check_adaptive(case, channels_last=i % 2 == 0)


@pytest.mark.parametrize("case", sorted(FRACTIONAL))
@pytest.mark.parametrize("channels_last", [True, False],
                         ids=["channels_last", "channels_first"])
def test_fractional_on_edge_inputs(case, channels_last):
  """Fractional max pooling given PyTorch's samples: values, indices and
  the gradient's routing."""
  n, shape, k, out = FRACTIONAL[case]
  x = edge_input(shape)
  samples = np.random.default_rng(5).random(shape[:2] + (n,)).astype(
      np.float32)
  fn = lambda z: FRAC[n](z, k, out, return_indices=True, samples=samples,
                         channels_last=channels_last)
  got_v, got_i, cot, grad = check_winners(
      fn, x, channels_last,
      oracle.fractional_max_pool(x, (k,) * n, out, samples),
      f"fractional {case}")
  if torch is not None:
    xt = _torch_cf(x)
    fm = {2: TF.fractional_max_pool2d, 3: TF.fractional_max_pool3d}[n]
    tv, ti = fm(xt, k, out, return_indices=True,
                _random_samples=torch.tensor(samples))
    (tv * torch.tensor(cot)).sum().backward()
    np.testing.assert_array_equal(got_v, tv.detach().numpy())
    np.testing.assert_array_equal(got_i, ti.numpy())
    np.testing.assert_allclose(grad, xt.grad.numpy(), rtol=1e-6, atol=1e-6)


# ---- the paths are real, and every threshold is named ------------------------

def test_every_threshold_is_named():
  """A module-level size constant or path predicate of the core that is not
  in PATHS fails here: a new threshold needs its cases."""
  named = {(m.__name__, a) for m, a in PATHS}
  root = pathlib.Path(jaxpool.__file__).parent
  found = 0
  for path in sorted((root / "_src").glob("*/**/*.py")):
    module = ".".join(("jaxpool",) + path.relative_to(root).with_suffix(
        "").parts)
    constants = re.findall(r"^(_?[A-Z][A-Z0-9_]*) = [0-9][0-9 <*]*$",
                           path.read_text(), re.M)
    found += len(constants)
    for name in constants:
      assert (module, name) in named, f"{module}.{name}"
  assert found >= 5  # the scan sees the core's files


def _program(fn, x):
  return str(jax.make_jaxpr(fn)(x))


PROGRAMS = {
    "SPLIT_MIN_OUTPUTS": lambda x: F.avg_pool2d(x, 3, 2, 1),
    "PAD_FIRST_MAX_INPUTS": jax.grad(
        lambda x: F.max_pool2d(x, 3, 2, 1).sum()),
    "FUSED_PHASES_MAX_OFFSETS": jax.grad(
        lambda x: F.max_pool2d(x, 3, 2, 1).sum()),
    "STORE_COTANGENT_MAX_INPUTS": jax.grad(
        lambda x: F.max_pool2d(x, 3, 2, 1).sum()),
    "tangent_phases_pay": jax.grad(lambda x: F.max_pool2d(x, 3, 2, 1).sum()),
    "overlaps_in_two_strided_dims": jax.grad(
        lambda x: F.avg_pool2d(x, 3, 2, 1).sum()),
    "PLACE_MIN_INPUTS": lambda x: F.max_unpool2d(
        *F.max_pool2d(x, 3, 2, 1, return_indices=True), 3, 2, 1),
    "_MAX_VIEW_SLICES": lambda x: F.adaptive_max_pool2d(x, 7),
    "_MAX_PHASES": jax.grad(lambda x: F.adaptive_max_pool2d(x, 7).sum()),
    "_MAX_RUNNING_TAPS": lambda x: F.adaptive_avg_pool2d(x, 7),
    "_tiles": jax.grad(lambda x: F.adaptive_max_pool2d(x, 5).sum()),
}


@pytest.mark.parametrize("attr", sorted(PROGRAMS))
def test_each_side_is_a_different_program(attr, monkeypatch):
  """Each setting of PATHS changes the program (so the tests above run
  both sides)."""
  (module, name), = [k for k in PATHS if k[1] == attr]
  x = jnp.zeros((2, 10, 10, 3))
  for (m, a), value in REACH.get((module, name), {}).items():
    monkeypatch.setattr(m, a, value)
  programs = set()
  for side, value in PATHS[(module, name)].items():
    monkeypatch.setattr(module, name, value)
    jax.clear_caches()
    with _schedule_of(module):
      programs.add(_program(PROGRAMS[attr], x))
  jax.clear_caches()
  assert len(programs) == len(PATHS[(module, name)]), attr


def test_live_pytorch_runs_in_ci():
  """CI installs PyTorch: its comparisons above must not skip there."""
  if os.environ.get("CI") == "true":
    assert torch is not None, "CI runs without PyTorch"
