"""Adaptive, global and fractional max pooling against NumPy references
written from the definitions (PyTorch's bins; Graham's fractional windows with
PyTorch's interval formula), under jit/vmap/grad, with their errors.

Grids cover each reading layout of an axis ("views", "phases", "gather"),
output sizes that divide, do not divide, exceed the input or are ``None``,
both layouts and unbatched input, without the full cross product.
"""

import re

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.functional as F
import jaxpool.nn as jnn
from jaxpool._src.core import geometry
from jaxpool._src.pool import adaptive
from jaxpool._src.schedules import separable
from tests.support import oracle
from tests.support.helpers import (check_grads64, from_layout, to_layout,
                                   unique_input)

AMAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d,
        3: F.adaptive_max_pool3d}
AAVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d,
        3: F.adaptive_avg_pool3d}
GAVG = {1: F.global_avg_pool1d, 2: F.global_avg_pool2d,
        3: F.global_avg_pool3d}
GMAX = {1: F.global_max_pool1d, 2: F.global_max_pool2d,
        3: F.global_max_pool3d}
FRAC = {2: F.fractional_max_pool2d, 3: F.fractional_max_pool3d}
UNPOOL = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}


# ---- NumPy references (channels-first (N, C, *spatial)): support/oracle.py ---

def ref_adaptive(x, out):
  """(max values, max indices, averages) of adaptive pooling to ``out``."""
  return (*oracle.adaptive_max_pool(x, out), oracle.adaptive_avg_pool(x, out))


def route_grad(shape, idx, cot):
  """The max's gradient: each output's cotangent goes to its index."""
  g = np.zeros(shape[:2] + (int(np.prod(shape[2:])),))
  for nc in np.ndindex(*shape[:2]):
    np.add.at(g[nc], idx[nc].ravel(), cot[nc].ravel())
  return g.reshape(shape)










def _full_out(spatial, output_size):
  n = len(spatial)
  o = (output_size,) * n if isinstance(output_size, int) else output_size
  return tuple(s if v is None else v for s, v in zip(spatial, o))


# ---- adaptive pooling vs the reference ---------------------------------------

# (n, spatial, output_size, channels_last, batched)
CASES = [
    (1, (10,), 3, True, True),             # non-divisible, overlapping
    (1, (5,), 11, False, True),            # output larger than the input
    (1, (300,), 7, True, False),           # wide bins: "phases" layout
    (1, (3,), 100, False, True),           # many phases: "gather" layout
    (1, (301,), 2, True, True),            # phases, two bins
    (2, (9, 7), (4, 3), True, True),
    (2, (8, 8), 4, False, False),          # divisible: a reshape
    (2, (5, 6), (None, 13), True, True),   # None keeps H; W grows
    (3, (7, 5, 4), (3, 6, 2), False, True),
    (3, (4, 4, 5), (None, 2, 1), True, True),
]


def _case_id(c):
  return f"{c[0]}d-{'x'.join(map(str, c[1]))}-{c[2]}-{'cl' if c[3] else 'cf'}"


def test_cases_cover_every_layout():
  plans = {separable.axis_plan(s, o) for c in CASES
           for s, o in zip(c[1], _full_out(c[1], c[2]))}
  assert plans == {"views", "phases", "gather"}


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_adaptive_matches_reference(case):
  n, spatial, output_size, cl, batched = case
  out = _full_out(spatial, output_size)
  x = unique_input((2, 3) + spatial) / 4
  want_v, want_i, want_a = ref_adaptive(x, out)
  if not batched:
    want_v, want_i, want_a = want_v[:1], want_i[:1], want_a[:1]
  xin = to_layout(x, cl, batched)
  v, i = AMAX[n](xin, output_size, True, channels_last=cl)
  assert v.dtype == jnp.float32 and i.dtype == jnp.int32
  np.testing.assert_array_equal(from_layout(v, cl, batched), want_v)
  np.testing.assert_array_equal(from_layout(i, cl, batched), want_i)
  np.testing.assert_array_equal(AMAX[n](xin, output_size, channels_last=cl), v)
  a = AAVG[n](xin, output_size, channels_last=cl)
  np.testing.assert_allclose(from_layout(a, cl, batched), want_a, rtol=1e-6,
                             atol=1e-6)
  # The max's gradient goes to the index.
  cot = np.random.default_rng(1).normal(size=v.shape).astype(np.float32)
  _, vjp = jax.vjp(lambda z: AMAX[n](z, output_size, channels_last=cl), xin)
  want_g = route_grad((2 if batched else 1, 3) + spatial, want_i,
                      from_layout(cot, cl, batched))
  np.testing.assert_allclose(from_layout(vjp(jnp.asarray(cot))[0], cl,
                                         batched), want_g, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("shape,output_size", [
    ((1, 5, 6, 2), (4, 9)),    # views layout (values), phases (tangents)
    ((1, 40, 1), 3),           # phases
    ((1, 3, 1), 40)])          # gather
def test_check_grads(shape, output_size):
  n = len(shape) - 2
  x = unique_input(shape)
  check_grads64(lambda z: AMAX[n](z, output_size), x)
  check_grads64(lambda z: AAVG[n](z, output_size), x)


# Bins of at most _MAX_RUNNING_TAPS taps are summed as PyTorch's running
# sum; wider ones one axis at a time. Each case names the side it is on.
MEAN_CASES = [
    ((2, 3, 30), 7, "running"),              # 1-d, 7 phases
    ((1, 2, 10, 6), (7, 3), "running"),      # overlapping and disjoint axes
    ((1, 2, 5, 9, 7), (4, 4, 2), "running"), # 3-d
    ((1, 2, 7, 7), 1, "running"),            # global: one slice per tap
    ((1, 2, 40, 40), 2, "by axis"),          # 20x20 taps per bin
    ((1, 1, 9, 70, 6), (2, 3, 1), "by axis"),  # 3-d, wide overlapping bins
]


def test_mean_cases_cover_both_sides_of_the_running_sum():
  sides = {side for *_, side in MEAN_CASES}
  assert sides == {"running", "by axis"}
  for shape, output_size, side in MEAN_CASES:
    b = geometry.Bins(tuple(range(2, len(shape))), shape[2:],
                      _full_out(shape[2:], output_size))
    running = adaptive._running_taps(b) <= adaptive._MAX_RUNNING_TAPS
    assert running == (side == "running"), (shape, output_size)


@pytest.mark.parametrize("shape,output_size,side", MEAN_CASES)
def test_mean_values_and_gradients(shape, output_size, side):
  """PyTorch's values and backward (the loops above) on both sides of the
  running-sum threshold, in every mode and dtype; gradients are gathers of
  the cotangent (the transpose of the tangent's scatter, checked by the
  forward mode below)."""
  del side
  n = len(shape) - 2
  out = _full_out(shape[2:], output_size)
  x = unique_input(shape)
  cot = np.random.default_rng(3).standard_normal(
      shape[:2] + out).astype(np.float32)
  fn = lambda z: AAVG[n](z, output_size, channels_last=False)
  value, vjp = jax.vjp(fn, jnp.asarray(x))
  np.testing.assert_allclose(value, ref_adaptive(x, out)[2], rtol=1e-6,
                             atol=1e-5)
  want_grad = oracle.adaptive_avg_grad(shape, out, cot)
  np.testing.assert_allclose(vjp(jnp.asarray(cot))[0], want_grad,
                             rtol=1e-6, atol=1e-6)
  # Per-sample gradients under vmap; forward mode agrees with reverse.
  per_sample = jax.vmap(lambda z, c: jax.vjp(fn, z)[1](c)[0])(
      jnp.asarray(x)[:, None], jnp.asarray(cot)[:, None])
  np.testing.assert_allclose(per_sample[:, 0], want_grad, rtol=1e-6,
                             atol=1e-6)
  tangent = np.random.default_rng(4).standard_normal(shape).astype(
      np.float32)
  _, jvp_out = jax.jvp(fn, (jnp.asarray(x),), (jnp.asarray(tangent),))
  np.testing.assert_allclose(np.vdot(jvp_out, cot), np.vdot(tangent,
                             want_grad), rtol=1e-5)
  # Half precision is accumulated in float32 and keeps its dtype.
  v16, vjp16 = jax.vjp(fn, jnp.asarray(x, jnp.bfloat16))
  g16 = vjp16(jnp.asarray(cot, jnp.bfloat16))[0]
  assert v16.dtype == g16.dtype == jnp.bfloat16
  np.testing.assert_allclose(np.asarray(g16, np.float32), want_grad,
                             rtol=2e-2, atol=2e-2)
  check_grads64(fn, x)


def test_ties_nan_and_neg_inf_follow_pytorch():
  # Ties: the first max in row-major order of the bin.
  x = jnp.array([[1.0, 2.0, 2.0], [2.0, 0.0, 2.0], [2.0, 2.0, 1.0]])
  v, i = F.adaptive_max_pool2d(x[None, :, :, None], 2, True)
  np.testing.assert_array_equal(v[0, :, :, 0], [[2, 2], [2, 2]])
  np.testing.assert_array_equal(i[0, :, :, 0], [[1, 1], [3, 5]])
  g = jax.grad(lambda x: F.adaptive_max_pool2d(x, 2).sum())(
      x[None, :, :, None])
  np.testing.assert_array_equal(g[0, :, :, 0], [[0, 2, 0], [1, 0, 1], [0, 0, 0]])
  # NaN propagates; its index is the bin's last NaN, which gets the gradient.
  nan = np.nan
  x = jnp.array([[[1.0], [nan], [3.0], [nan], [0.0], [-1.0]]])
  v, i = F.adaptive_max_pool1d(x, 2, True)
  np.testing.assert_array_equal(np.isnan(v[0, :, 0]), [True, True])
  np.testing.assert_array_equal(i[0, :, 0], [1, 3])
  g = jax.grad(lambda x: F.adaptive_max_pool1d(x, 2).sum())(x)
  np.testing.assert_array_equal(g[0, :, 0], [0, 1, 0, 1, 0, 0])
  # All -inf: -inf with the index of the bin's first cell.
  v, i = F.adaptive_max_pool1d(jnp.full((1, 5, 1), -jnp.inf), 3, True)
  np.testing.assert_array_equal(v, -np.inf)
  np.testing.assert_array_equal(i[0, :, 0], [0, 1, 3])
  # NaN also propagates through each layout's values-only path.
  for size, out in ((300, 7), (3, 100), (10, 3)):
    x = jnp.zeros((2, size, 3)).at[1, size // 2, 1].set(jnp.nan)
    y = F.adaptive_max_pool1d(x, out)
    assert np.isnan(y[1, :, 1]).any() and not np.isnan(y[0]).any()


def test_indices_feed_max_unpool():
  """Output = input / 2: the bins are max pooling's k = s = 2 windows."""
  x = jnp.asarray(unique_input((2, 6, 8, 3)) + 1000)  # positive: unpool's
  v, i = F.adaptive_max_pool2d(x, (3, 4), return_indices=True)  # zeros lose
  pv, pi = F.max_pool2d(x, 2, return_indices=True)
  np.testing.assert_array_equal(v, pv)
  np.testing.assert_array_equal(i, pi)
  back = F.max_unpool2d(v, i, 2)
  np.testing.assert_array_equal(F.adaptive_max_pool2d(back, (3, 4)), v)
  # Non-divisible (overlapping) bins: unpool to the input size places each
  # max at its index.
  x1 = jnp.asarray(unique_input((1, 7, 2)))
  v1, i1 = F.adaptive_max_pool1d(x1, 4, return_indices=True)  # k=2..3
  u = F.max_unpool1d(v1, i1, 2, output_size=(7,))
  flat = np.asarray(x1)
  for c in range(2):
    for o in range(4):
      assert u[0, i1[0, o, c], c] == flat[0, i1[0, o, c], c]


def test_integer_and_half_dtypes():
  xi = jnp.arange(20, dtype=jnp.int32).reshape(1, 4, 5, 1)
  v, i = F.adaptive_max_pool2d(xi, (2, 3), True)
  assert v.dtype == jnp.int32
  want_v, want_i, _ = ref_adaptive(np.asarray(xi)[..., 0][:, None], (2, 3))
  np.testing.assert_array_equal(v[..., 0], want_v[:, 0])
  np.testing.assert_array_equal(i[..., 0], want_i[:, 0])
  for dtype in (jnp.float16, jnp.bfloat16):
    x = jnp.asarray(unique_input((2, 6, 7, 3)) / 8, dtype)
    x32 = x.astype(jnp.float32)
    assert F.adaptive_max_pool2d(x, 4).dtype == dtype
    np.testing.assert_array_equal(
        F.adaptive_max_pool2d(x, 4).astype(jnp.float32),
        F.adaptive_max_pool2d(x32, 4))
    np.testing.assert_array_equal(
        F.adaptive_avg_pool2d(x, 4).astype(jnp.float32),
        F.adaptive_avg_pool2d(x32, 4).astype(dtype).astype(jnp.float32))
  with jax.enable_x64(True):
    x = jnp.asarray(unique_input((1, 5, 2)), jnp.float64)
    v, i = F.adaptive_max_pool1d(x, 3, True)
    assert v.dtype == jnp.float64 and i.dtype == jnp.int64
    assert F.adaptive_avg_pool1d(x, 3).dtype == jnp.float64


# ---- transforms ----------------------------------------------------------------

OPS = {
    "max": lambda x: F.adaptive_max_pool2d(x, (4, 3)),
    "max_indices": lambda x: F.adaptive_max_pool2d(x, (4, 3), True)[1],
    "avg": lambda x: F.adaptive_avg_pool2d(x, (None, 9)),
    "global_max": F.global_max_pool2d,
    "global_avg": lambda x: F.global_avg_pool2d(x, keepdims=True),
    "fractional": lambda x: F.fractional_max_pool2d(
        x, 2, (4, 5), samples=jnp.full((x.shape[0], x.shape[-1], 2), 0.37)),
}


@pytest.mark.parametrize("op", sorted(OPS))
def test_jit_vmap_unbatched_agree(op):
  fn = OPS[op]
  x = jnp.asarray(unique_input((3, 7, 6, 2)) / 8)
  eager = fn(x)
  np.testing.assert_array_equal(jax.jit(fn)(x), eager)
  np.testing.assert_array_equal(jax.vmap(lambda xi: fn(xi[None])[0])(x),
                                eager)
  np.testing.assert_array_equal(jnp.stack([fn(xi[None])[0] for xi in x]),
                                eager)


def test_unbatched_input_and_jit_grad():
  x = jnp.asarray(unique_input((1, 3, 9, 7)))
  fn = lambda x: F.adaptive_max_pool2d(x, (4, 3), True, channels_last=False)
  chex.assert_trees_all_equal(fn(x[0]), jax.tree.map(lambda a: a[0], fn(x)))
  loss = lambda x: (F.adaptive_avg_pool2d(x, (4, 3)) ** 2).sum()
  x = jnp.moveaxis(x, 1, -1)
  np.testing.assert_allclose(jax.jit(jax.grad(loss))(x), jax.grad(loss)(x),
                             rtol=1e-6, atol=1e-5)


def _count_ops(fn, x) -> int:
  text = jax.jit(fn).lower(x).as_text()
  return len(re.findall(r"^\s*(?:%\S+ = )?\"?stablehlo\.", text,
                        flags=re.MULTILINE))


def _graph_size(size: int, out: int) -> int:
  x = jnp.zeros((1, size, size, 1))
  return max(
      _count_ops(lambda x: F.adaptive_avg_pool2d(x, out), x),
      _count_ops(lambda x: F.adaptive_max_pool2d(x, out), x),
      _count_ops(lambda x: F.adaptive_max_pool2d(x, out, True)[1], x),
      _count_ops(jax.grad(lambda x: F.adaptive_max_pool2d(x, out).sum()), x))


def test_graph_is_bounded_in_the_input_size():
  """No Python loop over output cells: for output 7, the lowered graph stays
  under a fixed bound as the input grows 64-fold (the per-offset views
  layout is capped; wider bins use one reduction per phase), and it does
  not grow with the number of output cells (a per-cell loop would)."""
  counts = {size: _graph_size(size, 7) for size in (16, 64, 256, 1024)}
  assert max(counts.values()) <= 2500, counts
  assert counts[1024] == counts[256], counts  # no growth past the cap
  # 16x the output cells of 64 to 7: a per-cell loop would be 16x larger.
  assert _graph_size(64, 28) <= counts[64], counts


def test_global_pooling():
  x = jnp.asarray(unique_input((2, 4, 5, 3)))
  np.testing.assert_allclose(F.global_avg_pool2d(x), x.mean(axis=(1, 2)),
                             rtol=1e-6)
  np.testing.assert_array_equal(F.global_max_pool2d(x), x.max(axis=(1, 2)))
  np.testing.assert_array_equal(
      F.global_max_pool2d(x, keepdims=True), F.adaptive_max_pool2d(x, 1))
  xc = jnp.moveaxis(x, -1, 1)
  np.testing.assert_array_equal(F.global_max_pool2d(xc, channels_last=False),
                                F.global_max_pool2d(x))
  chex.assert_shape(F.global_avg_pool3d(jnp.ones((2, 3, 4, 5, 6)),
                                        keepdims=True), (2, 1, 1, 1, 6))
  chex.assert_shape(F.global_avg_pool1d(jnp.ones((4, 6))), (6,))
  # Ties: all the gradient goes to the first max (PyTorch's
  # AdaptiveMaxPool(1)), not shared as jnp.max's gradient is.
  g = jax.grad(lambda x: F.global_max_pool1d(x).sum())(jnp.ones((1, 4, 1)))
  np.testing.assert_array_equal(g[0, :, 0], [1, 0, 0, 0])
  check_grads64(F.global_max_pool2d, x)
  check_grads64(lambda x: F.global_avg_pool2d(x, keepdims=True), x)


def test_modules_equal_functions():
  x = jnp.asarray(unique_input((2, 7, 6, 3)))
  pairs = [
      (jnn.AdaptiveMaxPool2d((3, None), True), AMAX[2](x, (3, None), True)),
      (jnn.AdaptiveAvgPool2d(4), AAVG[2](x, 4)),
      (jnn.GlobalAvgPool2d(True), F.global_avg_pool2d(x, keepdims=True)),
      (jnn.GlobalMaxPool2d(), F.global_max_pool2d(x)),
  ]
  for module, want in pairs:
    chex.assert_trees_all_equal(module.apply({}, x), want)
  x1 = jnp.asarray(unique_input((2, 3, 9)))
  chex.assert_trees_all_equal(
      jnn.AdaptiveAvgPool1d(4, channels_last=False).apply({}, x1),
      F.adaptive_avg_pool1d(x1, 4, channels_last=False))
  x3 = jnp.asarray(unique_input((1, 4, 5, 6, 2)))
  chex.assert_trees_all_equal(jnn.AdaptiveMaxPool3d(2).apply({}, x3),
                              F.adaptive_max_pool3d(x3, 2))


# ---- fractional max pooling ----------------------------------------------------

# (n, spatial, kernel, output_size, channels_last, batched)
FRAC_CASES = [
    (2, (9, 11), 2, (4, 5), True, True),
    (2, (10, 7), (3, 2), (5, 6), False, True),
    (2, (25, 25), 3, 7, True, False),
    (2, (6, 8), 2, (1, 7), False, True),         # output 1: start L - k
    (3, (7, 8, 9), (2, 3, 2), (3, 4, 5), True, True),
]


@pytest.mark.parametrize("case", FRAC_CASES,
                         ids=[_case_id((c[0], c[1], c[3], c[4]))
                              for c in FRAC_CASES])
def test_fractional_matches_reference(case):
  n, spatial, kernel, output_size, cl, batched = case
  k = (kernel,) * n if isinstance(kernel, int) else kernel
  out = (output_size,) * n if isinstance(output_size, int) else output_size
  x = unique_input((2, 3) + spatial) / 4
  samples = np.random.default_rng(3).random((2 if batched else 1, 3, n),
                                            dtype=np.float32)
  want_v, want_i = oracle.fractional_max_pool(x[: 2 if batched else 1], k, out, samples)
  xin = to_layout(x, cl, batched)
  fn = lambda z: FRAC[n](z, kernel, output_size, samples=samples,
                         channels_last=cl)
  v, i = FRAC[n](xin, kernel, output_size, return_indices=True,
                 samples=samples, channels_last=cl)
  np.testing.assert_array_equal(from_layout(v, cl, batched), want_v)
  np.testing.assert_array_equal(from_layout(i, cl, batched), want_i)
  np.testing.assert_array_equal(fn(xin), v)
  cot = np.random.default_rng(1).normal(size=v.shape).astype(np.float32)
  _, vjp = jax.vjp(fn, xin)
  want_g = route_grad((2 if batched else 1, 3) + spatial, want_i,
                      from_layout(cot, cl, batched))
  np.testing.assert_allclose(from_layout(vjp(jnp.asarray(cot))[0], cl,
                                         batched), want_g, rtol=1e-6,
                             atol=1e-6)


def test_fractional_interval_formula_and_sample_order():
  # Decreasing values: every window's max is at its start.
  x = -jnp.arange(9.0 * 11).reshape(1, 9, 11, 1)
  s = jnp.array([[[0.3, 0.8]]])
  _, i = F.fractional_max_pool2d(x, 2, (4, 5), return_indices=True, samples=s)
  rows, cols = np.divmod(np.asarray(i[0, :, :, 0]), 11)
  np.testing.assert_array_equal(rows[:, 0], oracle.fractional_starts(0.8, 9, 2, 4))
  np.testing.assert_array_equal(cols[0], oracle.fractional_starts(0.3, 11, 2, 5))
  assert cols[0].tolist() == [0, 2, 5, 7, 9]  # sample 0 drives the width
  # Many samples, float32 and float64 arithmetic.
  u = np.random.default_rng(0).random(500)
  for dtype in (np.float32, np.float64):
    with jax.enable_x64(dtype == np.float64):
      from jaxpool._src.pool import fractional
      got = fractional.interval_starts(jnp.asarray(u, dtype)[None], 57, 2, 31)
      want = [oracle.fractional_starts(v, 57, 2, 31, dtype) for v in u]
      np.testing.assert_array_equal(got[0], want)


def test_fractional_output_ratio_grads_and_rng():
  x = jnp.asarray(unique_input((2, 10, 9, 3)))
  key = jax.random.key(0)
  y = F.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.7), key=key)
  chex.assert_shape(y, (2, 5, 6, 3))  # int(10 * .5), int(9 * .7)
  # Same key, same output; the samples are uniform((N, C, 2)) from the key.
  np.testing.assert_array_equal(
      F.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.7), key=key), y)
  samples = jax.random.uniform(key, (2, 3, 2))
  np.testing.assert_array_equal(
      F.fractional_max_pool2d(x, 2, (5, 6), samples=samples), y)
  # Different keys draw different windows.
  outs = {np.asarray(F.fractional_max_pool2d(
      x, 2, (5, 6), return_indices=True, key=jax.random.key(s))[1]).tobytes()
          for s in range(4)}
  assert len(outs) > 1
  check_grads64(lambda z: F.fractional_max_pool2d(z, 2, (5, 6),
                                                  samples=samples), x)


def test_fractional_module_rng_stream():
  x = jnp.asarray(unique_input((2, 12, 12, 3)))
  pool = jnn.FractionalMaxPool2d(3, output_ratio=0.5, return_indices=True)
  a = pool.apply({}, x, rngs={"fractional": jax.random.key(1)})
  b = pool.apply({}, x, rngs={"fractional": jax.random.key(1)})
  c = pool.apply({}, x, rngs={"fractional": jax.random.key(2)})
  chex.assert_trees_all_equal(a, b)
  assert not np.array_equal(a[1], c[1])
  # Module == function with the Module's own draw (make_rng folds in the
  # Module path) or with explicit samples.
  s = jnp.full((2, 3, 2), 0.25)
  chex.assert_trees_all_equal(
      pool.apply({}, x, s),
      F.fractional_max_pool2d(x, 3, output_ratio=0.5, return_indices=True,
                              samples=s))
  with pytest.raises(Exception, match="fractional"):
    pool.apply({}, x)  # no RNG stream given

  class Net(nn.Module):
    @nn.compact
    def __call__(self, x):
      return jnn.FractionalMaxPool3d(2, output_size=(3, 3, 3),
                                     rng_collection="frac")(x).sum()
  y = Net().apply({}, jnp.ones((1, 5, 5, 5, 1)),
                  rngs={"frac": jax.random.key(0)})
  assert y == 27.0


# ---- errors --------------------------------------------------------------------

ERRORS = [
    (lambda: F.adaptive_avg_pool2d(jnp.ones((1, 4, 4, 1)), -1),
     ValueError, r"adaptive_avg_pool2d: output_size=-1 must be non-negative "
     r"\(0 gives an empty result, as PyTorch\); got -1"),
    (lambda: F.adaptive_max_pool2d(jnp.ones((1, 4, 4, 1)), (2, -1)),
     ValueError, r"adaptive_max_pool2d: output_size=\(2, -1\) must be"),
    (lambda: F.adaptive_max_pool2d(jnp.ones((1, 4, 4, 1)), (2, 2, 2)),
     ValueError, r"output_size=\(2, 2, 2\) has 3 entries"),
    (lambda: F.adaptive_avg_pool1d(jnp.ones((1, 4, 1)), 2.0),
     TypeError, r"adaptive_avg_pool1d: output_size=2.0 is not an int"),
    (lambda: F.adaptive_avg_pool1d(jnp.ones((1, 4, 1)), None),
     TypeError, r"output_size=None"),
    (lambda: F.adaptive_avg_pool2d(jnp.ones((4, 4)), 2),
     ValueError, r"adaptive_avg_pool2d: input has shape \(4, 4\) \(rank 2\)"),
    (lambda: F.adaptive_max_pool3d(jnp.ones((1, 0, 4, 4, 1)), 2),
     ValueError, r"adaptive_max_pool3d: input has shape .* empty spatial"),
    (lambda: F.adaptive_avg_pool2d(jnp.ones((1, 4, 4, 1), jnp.int32), 2),
     TypeError, r"adaptive_avg_pool2d: input dtype int32 is not supported"),
    (lambda: F.adaptive_max_pool2d(jnp.ones((1, 4, 4, 1)), 2, 1),
     TypeError, r"return_indices=1 must be a bool"),
    (lambda: F.adaptive_avg_pool2d(jnp.ones((1, 4, 4, 1)), 2,
                                   channels_last=None),
     TypeError, r"channels_last=None must be a bool"),
    (lambda: F.global_avg_pool2d(jnp.ones((1, 4, 4, 1)), keepdims="yes"),
     TypeError, r"global_avg_pool2d: keepdims='yes' must be a bool"),
    (lambda: F.global_max_pool1d(jnp.ones((2, 3, 4, 1))),
     ValueError, r"global_max_pool1d: input has shape"),
    # fractional
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2,
                                     key=jax.random.key(0)),
     ValueError, r"fractional_max_pool2d: output_size=None and "
     r"output_ratio=None; expected exactly one"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2, 4, 0.5,
                                     key=jax.random.key(0)),
     ValueError, r"expected exactly one of them"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2,
                                     output_ratio=1.0, key=jax.random.key(0)),
     ValueError, r"output_ratio=1.0 must be between 0 and 1"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2,
                                     output_ratio=(0.5, 0.0),
                                     key=jax.random.key(0)),
     ValueError, r"output_ratio=\(0.5, 0.0\) must be between 0 and 1"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2,
                                     output_ratio="half",
                                     key=jax.random.key(0)),
     TypeError, r"output_ratio='half' is not a number"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2,
                                     output_ratio=0.1, key=jax.random.key(0)),
     ValueError, r"output_ratio=0.1 gives output size \(0, 0\)"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 3, (7, 4),
                                     key=jax.random.key(0)),
     ValueError, r"kernel_size=3 is too large .* got 7 \+ 3 - 1 > 8"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 0, 4,
                                     key=jax.random.key(0)),
     ValueError, r"kernel_size=0 must be positive"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2, 0,
                                     key=jax.random.key(0)),
     ValueError, r"output_size=0 must be positive"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2, 4),
     ValueError, r"pass exactly one of key .* and samples"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2, 4,
                                     key=jax.random.key(0),
                                     samples=jnp.zeros((1, 1, 2))),
     ValueError, r"pass exactly one of key"),
    (lambda: F.fractional_max_pool2d(jnp.ones((2, 8, 8, 3)), 2, 4,
                                     samples=jnp.zeros((2, 3, 3))),
     ValueError, r"samples has shape \(2, 3, 3\); expected \(2, 3, 2\)"),
    (lambda: F.fractional_max_pool3d(jnp.ones((4, 4, 4, 3)), 2, 2,
                                     samples=jnp.zeros((3, 3))),
     ValueError, r"samples has shape \(3, 3\); expected \(1, 3, 3\)"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1)), 2, 4,
                                     samples=jnp.zeros((1, 1, 2), jnp.int32)),
     TypeError, r"samples dtype int32 must be a floating dtype"),
    (lambda: F.fractional_max_pool2d(jnp.ones((1, 8, 8, 1), jnp.int32), 2, 4,
                                     key=jax.random.key(0)),
     TypeError, r"fractional_max_pool2d: input dtype int32 is not supported"),
    (lambda: F.fractional_max_pool3d(jnp.ones((8, 8, 1)), 2, 4,
                                     key=jax.random.key(0)),
     ValueError, r"fractional_max_pool3d: input has shape \(8, 8, 1\)"),
]


@pytest.mark.parametrize("call,error,match", ERRORS,
                         ids=[f"e{i}" for i in range(len(ERRORS))])
def test_errors(call, error, match):
  with pytest.raises(error, match=match):
    call()
