"""jaxpool pooling against the NumPy window-loop oracle, under every transform.

Grids cover each branch (rank, stride None, explicit/pair/"SAME" padding,
dilation, ceil_mode edge windows, divisors, both layouts, unbatched input)
without the full cross product, to keep jit compiles few.
"""

import functools

import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.functional as F
import jaxpool.nn as jnn
from tests.support import oracle
from tests.support.helpers import (check_grads64, from_layout, to_layout,
                                   tup, unique_input)

MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
LP = {1: F.lp_pool1d, 2: F.lp_pool2d, 3: F.lp_pool3d}
UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}


def pad_pairs(padding, n, spatial=None, k=None, s=None, d=None):
  if padding == "SAME":
    pairs = []
    for L, kk, ss, dd in zip(spatial, k, s, d):
      total = max((-(-L // ss) - 1) * ss + dd * (kk - 1) + 1 - L, 0)
      pairs.append((total // 2, total - total // 2))
    return pairs
  if padding == "VALID":
    return [(0, 0)] * n
  if isinstance(padding, (tuple, list)) and isinstance(padding[0], tuple):
    return list(padding)
  return [(p, p) for p in tup(padding, n)]


# (n, spatial, kernel, stride, padding, dilation, ceil_mode)
MAX_CASES = [
    (1, (9,), 3, None, 0, 1, False),
    (1, (10,), 4, 3, 2, 1, True),
    (1, (11,), 3, 2, 1, 3, False),
    (1, (5,), 2, 2, 0, 1, True),          # ceil adds a clipped last window
    (1, (2,), 2, 3, 1, 1, True),          # ceil rule removes an output
    (1, (2,), 2, 1, 1, 3, False),         # a window with no in-bounds tap
    (2, (7, 7), 3, 2, 1, 1, False),
    (2, (7, 6), 3, 4, 1, 1, True),        # (7,3,4,1) -> 2 with ceil
    (2, (6, 6), 3, 3, 1, 1, True),        # (6,3,3,1) -> 3 with ceil
    (2, (8, 9), (2, 3), (1, 2), (1, 0), (2, 1), False),
    (2, (9, 7), 3, 2, ((0, 1), (1, 0)), 2, True),
    (2, (7, 8), 3, 2, "SAME", 1, False),
    (2, (7, 8), 2, 1, "VALID", 1, False),
    (2, (5, 5), 1, 2, 0, 1, False),
    (3, (5, 6, 7), 2, None, 0, 1, True),
    (3, (6, 5, 5), 3, 2, 1, (1, 2, 1), False),
    (3, (4, 5, 6), (1, 2, 3), (2, 1, 2), (0, 1, 1), 1, True),
]


def _ids(cases):
  return [f"{c[0]}d-{'x'.join(map(str, c[1]))}-{i}" for i, c in enumerate(cases)]


@pytest.mark.parametrize("case", MAX_CASES, ids=_ids(MAX_CASES))
@pytest.mark.parametrize("channels_last", [True, False])
def test_max_pool_matches_oracle(case, channels_last):
  n, spatial, k, s, p, d, ceil = case
  batched = hash(case) % 2 == 0 or n == 1
  x = unique_input((2, 3) + spatial)
  kk, dd = tup(k, n), tup(d, n)
  ss = kk if s is None else tup(s, n)
  want_v, want_i = oracle.max_pool(x, kk, ss, pad_pairs(p, n, spatial, kk, ss, dd),
                                   dd, ceil)
  if not batched:
    want_v, want_i = want_v[:1], want_i[:1]
  xin = to_layout(x, channels_last, batched)
  v, i = MAX[n](xin, k, s, p, d, ceil, return_indices=True,
                channels_last=channels_last)
  assert v.dtype == jnp.float32 and i.dtype == jnp.int32
  np.testing.assert_array_equal(from_layout(v, channels_last, batched), want_v)
  np.testing.assert_array_equal(from_layout(i, channels_last, batched), want_i)
  plain = MAX[n](xin, k, s, p, d, ceil, channels_last=channels_last)
  np.testing.assert_array_equal(plain, v)

  # Gradient of sum(out * cot) goes to the index (forward and reverse mode).
  cot = np.random.default_rng(1).normal(size=v.shape).astype(np.float32)
  fn = lambda x: MAX[n](x, k, s, p, d, ceil, channels_last=channels_last)
  _, vjp = jax.vjp(fn, xin)
  want_g = oracle.max_pool_grad(x[: 2 if batched else 1], want_i,
                                from_layout(cot, channels_last, batched))
  np.testing.assert_allclose(from_layout(vjp(jnp.asarray(cot))[0],
                                         channels_last, batched),
                             want_g, rtol=1e-6, atol=1e-6)


# (n, spatial, kernel, stride, padding, ceil_mode, count_include_pad, override)
AVG_CASES = [
    (1, (9,), 3, None, 1, False, True, None),
    (1, (10,), 4, 3, 2, True, False, None),
    (1, (5,), 2, 2, 0, True, True, None),
    (2, (6, 6), 4, 3, 1, True, True, None),   # past the padded border
    (2, (6, 6), 4, 3, 1, True, False, None),
    (2, (7, 8), (3, 2), (2, 1), (1, 1), False, False, None),
    (2, (7, 7), 3, 2, ((1, 0), (0, 1)), True, True, None),
    (2, (7, 8), 3, 2, "SAME", False, True, None),
    (2, (7, 7), 3, 2, 1, False, True, 5),
    (2, (5, 5), 2, 2, 1, True, False, -3),
    (3, (5, 6, 4), 2, None, 1, True, False, None),
    (3, (5, 5, 5), 3, 2, 1, False, True, 7),
    (3, (4, 5, 6), (1, 2, 3), (2, 1, 2), (0, 1, 1), True, True, None),
]


@pytest.mark.parametrize("case", AVG_CASES, ids=_ids(AVG_CASES))
@pytest.mark.parametrize("channels_last", [True, False])
def test_avg_pool_matches_oracle(case, channels_last):
  n, spatial, k, s, p, ceil, cip, override = case
  batched = hash(case) % 2 == 1 or n == 1
  x = np.random.default_rng(0).normal(size=(2, 3) + spatial).astype(np.float32)
  kk = tup(k, n)
  ss = kk if s is None else tup(s, n)
  want = oracle.avg_pool(x, kk, ss, pad_pairs(p, n, spatial, kk, ss, (1,) * n),
                         ceil, cip, override)[: 2 if batched else 1]
  args = (k, s, p, ceil, cip) + ((override,) if n > 1 else ())
  fn = lambda x: AVG[n](x, *args, channels_last=channels_last)
  xin = to_layout(x, channels_last, batched)
  out = fn(xin)
  assert out.dtype == jnp.float32
  np.testing.assert_allclose(from_layout(out, channels_last, batched), want,
                             rtol=1e-6, atol=1e-6)
  check_grads64(fn, xin)


LP_CASES = [
    (1, (9,), 1, 3, None, False),
    (1, (10,), 3, 4, 3, True),
    (2, (7, 7), 2, 3, 2, True),
    (2, (6, 7), 1.5, (2, 3), (2, 1), False),
    (2, (5, 5), np.inf, 2, 2, True),
    (2, (5, 5), -np.inf, 2, 1, False),
    (3, (5, 4, 5), 2, 2, None, True),
]


@pytest.mark.parametrize("case", LP_CASES, ids=_ids(LP_CASES))
def test_lp_pool_matches_oracle(case):
  n, spatial, p, k, s, ceil = case
  x = unique_input((2, 3) + spatial)
  x = (x - x.min() + 10) / x.size  # positive, distinct, in (0, 2)
  kk = tup(k, n)
  ss = kk if s is None else tup(s, n)
  want = oracle.lp_pool(x, p, kk, ss, ceil)
  fn = lambda x: LP[n](x, p, k, s, ceil, channels_last=False)
  out = fn(jnp.asarray(x))
  np.testing.assert_allclose(out, want, rtol=2e-6, atol=1e-6)
  # Positive inputs, with p = +-inf, near no ties: a smooth function.
  check_grads64(fn, x)


def test_lp_pool_keeps_pytorch_sign_rules():
  x = jnp.array([[[-3.0], [1.0], [2.0], [-5.0]]])  # (N, L, C)
  np.testing.assert_allclose(F.lp_pool1d(x, 1, 2)[..., 0], [[-2.0, -3.0]])
  assert np.isnan(F.lp_pool1d(x, 3, 2)).all()  # negative sum, odd root
  np.testing.assert_allclose(F.lp_pool1d(x, 2, 2)[..., 0],
                             [[np.sqrt(10.0), np.sqrt(29.0)]], rtol=1e-6)
  np.testing.assert_allclose(F.lp_pool1d(x, np.inf, 2)[..., 0], [[3.0, 5.0]])
  # A zero window has a zero (not NaN) gradient, as PyTorch.
  g = jax.grad(lambda x: F.lp_pool1d(x, 2, 2).sum())(jnp.zeros((1, 4, 1)))
  np.testing.assert_array_equal(g, 0.0)


# (n, spatial, kernel, stride, padding, output_size)
UNPOOL_CASES = [
    (1, (9,), 2, None, 0, None),
    (1, (9,), 3, 2, 1, (9,)),
    (2, (5, 5), 2, 2, 0, (5, 5)),
    (2, (7, 7), 3, 2, 1, None),
    (2, (7, 6), 3, 2, 1, (7, 6)),
    (2, (8, 8), (2, 3), (2, 2), (0, 1), (8, 8)),
    (3, (5, 4, 6), 2, None, 0, (5, 4, 6)),
]


@pytest.mark.parametrize("case", UNPOOL_CASES, ids=_ids(UNPOOL_CASES))
@pytest.mark.parametrize("channels_last", [True, False])
def test_max_unpool_matches_oracle(case, channels_last):
  n, spatial, k, s, p, output_size = case
  x = unique_input((2, 3) + spatial)
  kk = tup(k, n)
  ss = kk if s is None else tup(s, n)
  pooled, idx = oracle.max_pool(x, kk, ss, pad_pairs(p, n), None, False)
  default = tuple((i - 1) * st + kk_ - 2 * pp for i, st, kk_, pp in zip(
      pooled.shape[2:], ss, kk, tup(p, n)))
  out_spatial = output_size or default
  want = oracle.max_unpool(pooled, idx, out_spatial)
  v, i = to_layout(pooled, channels_last), to_layout(idx.astype(np.int32),
                                                     channels_last)
  fn = lambda v: UNPOOL[n](v, i, k, s, p, output_size,
                           channels_last=channels_last)
  out = fn(v)
  np.testing.assert_array_equal(from_layout(out, channels_last), want)
  np.testing.assert_array_equal(jax.jit(fn)(v), out)
  if all(len(np.unique(r)) == r.size for r in idx.reshape(6, -1)):
    # Duplicate indices (overlapping windows) make unpool non-smooth in the
    # duplicates; PyTorch's convention (each gets grad_out[idx]) is pinned
    # by the gather check below.
    check_grads64(fn, v, modes=("rev",))
  # Backward gathers the cotangent at each index.
  cot = jnp.asarray(np.random.default_rng(2).normal(size=out.shape),
                    jnp.float32)
  g = jax.vjp(fn, v)[1](cot)[0]
  want_g = np.take_along_axis(
      np.asarray(from_layout(cot, channels_last)).reshape(2, 3, -1),
      idx.reshape(2, 3, -1), axis=-1).reshape(pooled.shape)
  np.testing.assert_array_equal(from_layout(g, channels_last), want_g)


def test_max_unpool_output_size_full_shape_and_module():
  x = jnp.asarray(unique_input((2, 5, 5, 3)) + 100)  # positive: unpool's zeros
  v, i = F.max_pool2d(x, 2, return_indices=True)        # never win the re-pool
  spatial = F.max_unpool2d(v, i, 2, output_size=(5, 5))
  full = F.max_unpool2d(v, i, 2, output_size=(2, 5, 5, 3))
  module = jnn.MaxUnpool2d(2).apply({}, v, i, output_size=[5, 5])
  np.testing.assert_array_equal(spatial, full)
  np.testing.assert_array_equal(spatial, module)
  chex.assert_shape(spatial, (2, 5, 5, 3))
  # Round trip: every max is back at its place.
  np.testing.assert_array_equal(
      F.max_pool2d(spatial, 2), v)


# (n, window grid, kernel, stride, padding, output size - default size)
PLACEMENT_CASES = [
    (1, (6,), 3, 2, 1, (1,)),             # overlap; output_size above default
    (1, (4,), 2, 3, 0, (0,)),             # stride beyond the kernel
    (2, (4, 5), 3, 2, 1, (-1, 1)),        # taps past the output: excluded
    (2, (3, 4), (2, 3), (1, 2), (0, 1), (0, 0)),
    (3, (3, 2, 2), 3, 2, 1, (0, 1, 0)),
    # Windows that tile the output (k <= s, no padding), past it or short.
    (2, (3, 4), 2, 2, 0, (1, -1)),
    (3, (2, 2, 3), (1, 2, 2), (1, 2, 3), 0, (0, 0, 1)),
]


def _random_window_indices(rng, shape, w):
  """Per window (and sample, channel), a random in-bounds tap of it, as a
  flat plane index, and that tap's row-major kernel offset."""
  index = np.zeros(shape, np.int64)
  code = np.zeros(shape, np.int64)
  for dim, (size, k, s, (lo, _), n) in enumerate(zip(
      w.sizes, w.kernel, w.stride, w.pads, w.out)):
    first = np.arange(n) * s - lo
    tap_lo = np.maximum(0, -first)
    tap_hi = np.minimum(k, size - first)  # every window has a tap: see cases
    bshape = [1] * len(shape)
    bshape[2 + dim] = n
    lo_, span = tap_lo.reshape(bshape), (tap_hi - tap_lo).reshape(bshape)
    tap = lo_ + np.floor(rng.random(shape) * span).astype(np.int64)
    index = index * size + first.reshape(bshape) + tap
    code = code * k + tap
  return index, code


# ---- tie and NaN conventions, pinned separately -----------------------------

def test_max_pool_ties_go_to_first_max_in_row_major_order():
  x = jnp.array([[1.0, 2.0, 2.0], [2.0, 0.0, 2.0], [2.0, 2.0, 1.0]])
  x = x[None, :, :, None]
  v, i = F.max_pool2d(x, 2, 1, return_indices=True)
  np.testing.assert_array_equal(v[0, :, :, 0], [[2.0, 2.0], [2.0, 2.0]])
  np.testing.assert_array_equal(i[0, :, :, 0], [[1, 1], [3, 5]])
  g = jax.grad(lambda x: F.max_pool2d(x, 2, 1).sum())(x)
  np.testing.assert_array_equal(g[0, :, :, 0], [[0, 2, 0], [1, 0, 1], [0, 0, 0]])


def test_max_pool_nan_propagates_and_index_is_last_nan():
  nan = np.nan
  x = jnp.array([[[1.0], [nan], [3.0], [nan], [0.0], [-1.0]]])  # (1, 6, 1)
  v, i = F.max_pool1d(x, 4, 2, return_indices=True)
  np.testing.assert_array_equal(np.isnan(v[0, :, 0]), [True, True])
  np.testing.assert_array_equal(i[0, :, 0], [3, 3])
  g = jax.grad(lambda x: F.max_pool1d(x, 4, 2).sum())(x)
  np.testing.assert_array_equal(g[0, :, 0], [0, 0, 0, 2, 0, 0])


def test_max_pool_all_neg_inf_window_points_at_first_in_bounds_tap():
  x = jnp.full((1, 1, 3, 3), -jnp.inf)
  v, i = F.max_pool2d(x, 3, 2, 1, return_indices=True, channels_last=False)
  np.testing.assert_array_equal(v, -np.inf)
  # Windows start at rows/cols -1 and 1: first in-bounds taps 0 and 1.
  np.testing.assert_array_equal(i[0, 0], [[0, 1], [3, 4]])


@pytest.mark.parametrize("dilation,ceil_mode", [(1, False), (2, True)])
def test_max_pool3d_staged_reduction_keeps_conventions(dilation, ceil_mode):
  """3-d windows are reduced over (H, W) first, then D: ties, NaN (last
  NaN), all -inf windows and windows overlapping the padding still give
  PyTorch's values, indices and gradient routing."""
  rng = np.random.default_rng(3)
  x = rng.integers(0, 3, size=(2, 2, 7, 8, 6)).astype(np.float32)
  x[0, 0][rng.random((7, 8, 6)) < 0.1] = np.nan
  x[1, 1, :4, :4, :] = -np.inf
  pads = [(1, 1)] * 3
  want_v, want_i = oracle.max_pool(x, (3, 3, 2), (2, 2, 1), pads,
                                   (dilation,) * 3, ceil_mode)
  fn = lambda x: F.max_pool3d(x, (3, 3, 2), (2, 2, 1), 1, dilation,
                              ceil_mode, True, channels_last=False)
  v, i = fn(jnp.asarray(x))
  np.testing.assert_array_equal(v, want_v)
  np.testing.assert_array_equal(i, want_i)
  cot = rng.standard_normal(want_v.shape).astype(np.float32)
  g = jax.grad(lambda x: (fn(x)[0] * cot).sum())(jnp.asarray(x))
  np.testing.assert_allclose(g, oracle.max_pool_grad(x, want_i, cot),
                             rtol=1e-6, atol=1e-6)


def test_max_pool3d_staged_window_outside_the_input_in_depth():
  """A window whose depth taps all fall in the padding (found by the slow
  sweep): PyTorch's index points past the plane, at its starting taps."""
  x = unique_input((2, 2, 1, 3, 2))
  args = ((2, 2, 1), (3, 1, 2), [(1, 1), (1, 1), (0, 0)], (2, 2, 1), True)
  want_v, want_i = oracle.max_pool(x, *args)
  fn = lambda x: F.max_pool3d(x, (2, 2, 1), (3, 1, 2), (1, 1, 0), (2, 2, 1),
                              True, True, channels_last=False)
  v, i = fn(jnp.asarray(x))
  np.testing.assert_array_equal(v, want_v)
  np.testing.assert_array_equal(i, want_i)
  cot = np.arange(1.0, want_v.size + 1, dtype=np.float32).reshape(want_v.shape)
  g = jax.grad(lambda x: (fn(x)[0] * cot).sum())(jnp.asarray(x))
  np.testing.assert_array_equal(g, oracle.max_pool_grad(x, want_i, cot))


def test_integer_max_pool_and_dtypes_kept():
  xi = jnp.arange(16, dtype=jnp.int32).reshape(1, 4, 4, 1)
  v, i = F.max_pool2d(xi, 2, return_indices=True)
  assert v.dtype == jnp.int32
  np.testing.assert_array_equal(v[0, :, :, 0], [[5, 7], [13, 15]])
  for dtype in (jnp.float16, jnp.bfloat16, jnp.float32):
    x = jnp.asarray(unique_input((2, 6, 6, 3)), dtype)
    for fn in (lambda x: F.max_pool2d(x, 3, 2, 1),
               lambda x: F.avg_pool2d(x, 3, 2, 1),
               lambda x: F.lp_pool2d(x, 2, 2)):
      assert fn(x).dtype == dtype
    # Max is exact in every dtype; avg accumulates in float32.
    np.testing.assert_array_equal(
        F.max_pool2d(x, 3, 2, 1).astype(jnp.float32),
        F.max_pool2d(x.astype(jnp.float32), 3, 2, 1))
    np.testing.assert_allclose(
        F.avg_pool2d(x, 3, 2, 1).astype(jnp.float32),
        F.avg_pool2d(x.astype(jnp.float32), 3, 2, 1).astype(dtype).astype(
            jnp.float32))


def test_float64_and_int64_indices_with_x64():
  with jax.enable_x64(True):
    x = jnp.asarray(unique_input((1, 5, 5, 2)).astype(np.float64))
    v, i = F.max_pool2d(x, 2, return_indices=True)
    assert v.dtype == jnp.float64 and i.dtype == jnp.int64
    assert F.avg_pool2d(x, 2).dtype == jnp.float64
    back = F.max_unpool2d(v, i, 2, output_size=(5, 5))
    assert back.dtype == jnp.float64


# ---- transforms -------------------------------------------------------------

OPS = {
    "max": lambda x: F.max_pool2d(x, 3, 2, 1, 2, True),
    "max_indices": lambda x: F.max_pool2d(x, 3, 2, 1, 1, True, True)[1],
    "avg": lambda x: F.avg_pool2d(x, 3, 2, 1, True, False),
    "lp": lambda x: F.lp_pool2d(x, 2, 2, 1),
    "unpool": lambda x: F.max_unpool2d(
        x, jnp.broadcast_to(jnp.arange(x.shape[1] * x.shape[2],
                                       dtype=jnp.int32).reshape(
                                           1, x.shape[1], x.shape[2], 1),
                            x.shape) * 2, 2, output_size=(13, 13)),
}


@pytest.mark.parametrize("op", sorted(OPS))
def test_jit_vmap_unbatched_agree(op):
  fn = OPS[op]
  x = jnp.asarray(unique_input((4, 7, 7, 3)) / 50 + 2.0)
  eager = fn(x)
  # Max and unpool select values: exact. Averages may differ by an ulp when
  # XLA fuses differently (e.g. a reciprocal multiply).
  same = (np.testing.assert_array_equal if op in ("max", "max_indices",
                                                  "unpool") else
          functools.partial(np.testing.assert_allclose, rtol=1e-6, atol=0))
  same(jax.jit(fn)(x), eager)
  vmapped = jax.vmap(lambda xi: fn(xi[None])[0])(x)
  same(vmapped, eager)
  unbatched = jnp.stack([fn(xi[None])[0] for xi in x])
  same(unbatched, eager)


@pytest.mark.parametrize("op", ["max", "avg", "lp", "unpool"])
def test_check_grads_and_jit_grad(op):
  fn = OPS[op]
  x = jnp.asarray(unique_input((2, 7, 7, 2)) / 50 + 2.0)
  check_grads64(fn, x, modes=("rev",) if op == "unpool" else ("fwd", "rev"))
  loss = lambda x: (fn(x) ** 2).sum()
  np.testing.assert_allclose(jax.jit(jax.grad(loss))(x), jax.grad(loss)(x),
                             rtol=1e-6)


def test_dilated_max_pool_grads_every_rank():
  for n, shape in ((1, (2, 11, 2)), (2, (1, 9, 8, 2)), (3, (1, 7, 7, 6, 1))):
    x = jnp.asarray(unique_input(shape))
    fn = lambda x: MAX[n](x, 3, 2, 1, 2, True)
    check_grads64(fn, x)
    check_grads64(lambda x: MAX[n](x, 2, 1, 1, 3, False), x, modes=("rev",))


def test_unbatched_input_equals_batched():
  x = jnp.asarray(unique_input((1, 3, 8, 9)))
  for fn in (lambda x, cl: F.max_pool2d(x, 3, 2, 1, channels_last=cl),
             lambda x, cl: F.avg_pool2d(x, 3, 2, 1, channels_last=cl),
             lambda x, cl: F.max_pool2d(x, 2, return_indices=True,
                                        channels_last=cl)[1]):
    np.testing.assert_array_equal(fn(x[0], False), fn(x, False)[0])


def test_modules_equal_functions():
  x = jnp.asarray(unique_input((2, 7, 7, 3)))
  pairs = [
      (jnn.MaxPool2d(3, 2, 1, 2, False, True), F.max_pool2d(x, 3, 2, 1, 2, True)),
      (jnn.AvgPool2d(3, 2, 1, True, False, None),
       F.avg_pool2d(x, 3, 2, 1, True, False)),
      (jnn.LPPool2d(2, 3, 2, True), F.lp_pool2d(x, 2, 3, 2, True)),
  ]
  for module, want in pairs:
    np.testing.assert_array_equal(module.apply({}, x), want)
  x1 = jnp.asarray(unique_input((2, 3, 9)))
  np.testing.assert_array_equal(
      jnn.AvgPool1d(3, 2, 1, channels_last=False).apply({}, x1),
      F.avg_pool1d(x1, 3, 2, 1, channels_last=False))
  x3 = jnp.asarray(unique_input((1, 4, 5, 6, 2)))
  v, i = jnn.MaxPool3d(2, return_indices=True).apply({}, x3)
  np.testing.assert_array_equal(
      jnn.MaxUnpool3d(2).apply({}, v, i, (4, 5, 6)),
      F.max_unpool3d(v, i, 2, output_size=(4, 5, 6)))


def test_module_inside_compact_model_and_no_retrace():
  import flax.linen as nn

  class Net(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Conv(4, (3, 3))(x)
      x, idx = jnn.MaxPool2d(2, return_indices=True)(x)
      x = jnn.MaxUnpool2d(2)(x, idx)
      return jnn.AvgPool2d(2)(x).mean()

  x = jnp.ones((2, 8, 8, 1))
  net = Net()
  params = net.init(jax.random.key(0), x)

  @jax.jit
  @chex.assert_max_traces(n=1)
  def step(params, x):
    return jax.grad(lambda p: net.apply(p, x))(params)

  step(params, x)
  step(params, x + 1)


@pytest.mark.parametrize("padding", [0, 1])
def test_max_pool_signed_zeros_tie_to_the_first_zero(padding):
  """-0 and +0 are equal for the index (PyTorch's strict ``>`` keeps the
  first; values from PyTorch 2.13), through float compares (no padding)
  and through the bit tests (padded views). The value's sign is a
  documented difference."""
  x = jnp.array([-0.0, 0.0, 0.0, -0.0, 1.0, -0.0, 0.0])[None, :, None]
  _, i = F.max_pool1d(x, 3 if padding else 2, 2, padding,
                      return_indices=True)
  np.testing.assert_array_equal(i[0, :, 0], [0, 1, 4, 5] if padding
                                else [0, 2, 4])
