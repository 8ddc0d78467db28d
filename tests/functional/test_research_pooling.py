"""Research pooling layers against NumPy references written from the papers.

Stochastic pooling (Zeiler & Fergus 2013), GeM (Radenovic et al. 2018), mixed
max-average pooling (Lee et al. 2016), BlurPool/MaxBlurPool (Zhang 2019) and
spatial pyramid pooling (He et al. 2014): each against a window-loop NumPy
reference in float64 from the paper's definition, then gradients
(check_grads in float64), jit == eager, vmap == batch, unbatched input,
Module == function, RNG determinism, and every error.
"""

import itertools
import math

import chex
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.functional as F
import jaxpool.nn as jnn
from tests.support import oracle
from tests.support.helpers import (check_grads64, from_layout, to_layout,
                                   tup, unique_input)

STOCH = {1: F.stochastic_pool1d, 2: F.stochastic_pool2d,
         3: F.stochastic_pool3d}
GEM = {1: F.gem_pool1d, 2: F.gem_pool2d, 3: F.gem_pool3d}
MIXED = {1: F.mixed_pool1d, 2: F.mixed_pool2d, 3: F.mixed_pool3d}
BLUR = {1: F.blur_pool1d, 2: F.blur_pool2d, 3: F.blur_pool3d}
MAX_BLUR = {1: F.max_blur_pool1d, 2: F.max_blur_pool2d,
            3: F.max_blur_pool3d}






def positive_input(shape, seed=0):
  """Distinct values in (0.5, 1.5)."""
  x = unique_input(shape, seed)
  return (x - x.min()) / x.size + np.float32(0.5)








# ---- NumPy references from the papers (channels-first, float64) ------------

def windows(x, k, s):
  """Yields (output position, window taps in row-major order) per plane."""
  spatial = x.shape[2:]
  outs = [(L - kk) // ss + 1 for L, kk, ss in zip(spatial, k, s)]
  for o in np.ndindex(*outs):
    sl = tuple(slice(oi * si, oi * si + ki) for oi, si, ki in zip(o, s, k))
    yield o, x[(Ellipsis,) + sl].reshape(x.shape[:2] + (-1,)), outs


def _pool_ref(x, k, s, reduce):
  x = np.asarray(x, np.float64)
  out = None
  for o, taps, outs in windows(x, k, s):
    if out is None:
      out = np.empty(x.shape[:2] + tuple(outs))
    out[(Ellipsis,) + o] = reduce(taps)
  return out


def stochastic_eval_ref(x, k, s):
  """Zeiler & Fergus eq. (4): sum_i p_i a_i with p_i = a_i / sum_k a_k."""
  def reduce(a):
    a = np.maximum(a, 0)
    total = a.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
      return np.where(total == 0, 0, (a * a).sum(-1) / total)
  return _pool_ref(x, k, s, reduce)


def stochastic_train_ref(x, k, s, u):
  """Zeiler & Fergus eq. (3): sample l ~ P(p_1..p_K) by the inverse CDF of u.

  Returns the values and the flat index (within the plane) of each sample.
  """
  x = np.asarray(x, np.float64)
  spatial = x.shape[2:]
  vals = np.zeros(u.shape)
  idx = np.full(u.shape, -1)
  for nc in np.ndindex(*x.shape[:2]):
    for o, _, _ in windows(x[:1, :1], k, s):
      taps = list(itertools.product(*(range(kk) for kk in k)))
      pos = [tuple(oi * si + j for oi, si, j in zip(o, s, t)) for t in taps]
      a = np.array([max(x[nc + p], 0.0) for p in pos])
      if a.sum() == 0:
        continue
      cdf = np.cumsum(a / a.sum())
      i = int(np.argmax(cdf > u[nc + o]))
      vals[nc + o] = a[i]
      idx[nc + o] = np.ravel_multi_index(pos[i], spatial)
  return vals, idx


def gem_ref(x, p, k=None, s=None, eps=1e-6):
  """Radenovic et al. eq. (1): (mean x_i**p)**(1/p) of x clamped at eps."""
  x = np.maximum(np.asarray(x, np.float64), eps)
  p = np.asarray(p, np.float64).reshape((1, -1) + (1,) * (x.ndim - 2))
  if k is None:
    axes = tuple(range(2, x.ndim))
    return np.mean(x ** p, axis=axes, keepdims=True) ** (1 / p)
  out = _pool_ref(x ** p, k, s, lambda t: t.mean(-1))
  return out ** (1 / p)


# The paper's code (adobe/antialiased-cnns, blurpool.py) lists its filters.
PAPER_FILTERS = {1: [1.], 2: [1., 1.], 3: [1., 2., 1.], 4: [1., 3., 3., 1.],
                 5: [1., 4., 6., 4., 1.], 6: [1., 5., 10., 10., 5., 1.],
                 7: [1., 6., 15., 20., 15., 6., 1.]}
NP_PAD = {"reflect": "reflect", "replicate": "edge", "zero": "constant"}


def blur_ref(x, filt, stride, pad_type="reflect", pad_off=0):
  """Zhang 2019: pad, depthwise correlation with the outer-product filter
  normalised to sum 1, stride (a direct n-d loop, not separable)."""
  x = np.asarray(x, np.float64)
  n = x.ndim - 2
  filt = tup(filt, n)
  kernel = np.ones(())
  for f in filt:
    kernel = np.multiply.outer(kernel, np.array(PAPER_FILTERS[f]))
  kernel /= kernel.sum()
  pads = [(0, 0), (0, 0)] + [((f - 1) // 2 + pad_off,
                              math.ceil((f - 1) / 2) + pad_off) for f in filt]
  xp = np.pad(x, pads, mode=NP_PAD[pad_type])
  return _pool_ref(xp, filt, tup(stride, n), lambda t: t @ kernel.ravel())


# ---- stochastic pooling -----------------------------------------------------

# (n, spatial, kernel, stride, channels_last, batched)
STOCH_CASES = [
    (1, (9,), 3, None, True, True),
    (1, (8,), 3, 2, False, False),
    (2, (6, 7), 2, None, True, False),
    (2, (7, 7), (3, 2), (2, 1), False, True),
    (3, (4, 5, 4), 2, (2, 1, 2), True, True),
]


def _ids(cases):
  return [f"{c[0]}d-{i}" for i, c in enumerate(cases)]


def relu_input(shape, seed=0):
  """Unique values, about a third negative, and one all-negative window."""
  x = unique_input(shape, seed) / np.float32(np.prod(shape)) + np.float32(0.2)
  x[(0, 0) + (slice(0, 3),) * (len(shape) - 2)] = -1.0
  return x


@pytest.mark.parametrize("case", STOCH_CASES, ids=_ids(STOCH_CASES))
def test_stochastic_pool_matches_paper(case):
  n, spatial, k, s, channels_last, batched = case
  x = relu_input((2, 3) + spatial)
  kk = tup(k, n)
  ss = kk if s is None else tup(s, n)
  fn = STOCH[n]
  xin = to_layout(x, channels_last, batched)
  nb = 2 if batched else 1

  out = fn(xin, k, s, channels_last=channels_last)
  np.testing.assert_allclose(from_layout(out, channels_last, batched),
                             stochastic_eval_ref(x, kk, ss)[:nb], rtol=1e-6,
                             atol=1e-7)
  assert out.dtype == jnp.float32

  key = jax.random.key(7)
  train = lambda x: fn(x, k, s, training=True, key=key,
                       channels_last=channels_last)

  @jax.jit  # one compile: threefry is slow to compile on CPU
  def run(x, cot):
    y, vjp = jax.vjp(train, x)
    return y, jax.random.uniform(key, y.shape), vjp(cot)[0]

  cot = np.random.default_rng(1).normal(size=out.shape).astype(np.float32)
  y, u, g = run(xin, jnp.asarray(cot))
  want, idx = stochastic_train_ref(
      x[:nb], kk, ss, from_layout(u, channels_last, batched))
  np.testing.assert_array_equal(from_layout(y, channels_last, batched),
                                want.astype(np.float32))
  assert (idx[:, :, 0] == -1).any()  # the all-negative window gives 0
  # The gradient goes to the sampled element only.
  g = from_layout(g, channels_last, batched)
  want_g = np.zeros(g.shape)
  cot_cf = from_layout(cot, channels_last, batched)
  for nc in np.ndindex(*g.shape[:2]):
    flat = want_g[nc].reshape(-1)
    for o in np.ndindex(*idx.shape[2:]):
      if idx[nc + o] >= 0:
        flat[idx[nc + o]] += cot_cf[nc + o]
    want_g[nc] = flat.reshape(g.shape[2:])
  np.testing.assert_allclose(g, want_g, rtol=1e-6, atol=1e-7)


def test_stochastic_pool_sampling_frequencies():
  """Over many keys, tap i is chosen with probability a_i / sum(a)."""
  a = np.array([0.5, 0.0, 1.5, 3.0, -2.0, 1.0], np.float32)
  x = jnp.asarray(a).reshape(1, 6, 1)
  keys = jax.random.split(jax.random.key(0), 4000)
  y = jax.vmap(lambda k: F.stochastic_pool1d(x, 6, training=True, key=k))(keys)
  values = np.asarray(y).ravel()
  p = np.maximum(a, 0) / np.maximum(a, 0).sum()
  # Values are distinct, so a value's frequency is its tap's.
  for v, pv in zip(a[a > 0], p[a > 0]):
    np.testing.assert_allclose(np.mean(values == v), pv, atol=0.03)
  assert set(np.unique(values)) <= {0.5, 1.5, 3.0, 1.0}  # never a p = 0 tap


def test_stochastic_pool_rng_determinism_and_transforms():
  x = jnp.asarray(positive_input((4, 8, 8, 3)))
  f = lambda x, key: F.stochastic_pool2d(x, 2, training=True, key=key)
  k1, k2 = jax.random.key(1), jax.random.key(2)
  y1 = f(x, k1)
  np.testing.assert_array_equal(f(x, k1), y1)        # same key, same output
  np.testing.assert_array_equal(jax.jit(f)(x, k1), y1)  # jit == eager
  assert (np.asarray(f(x, k2)) != np.asarray(y1)).mean() > 0.3
  # vmap with one key per example == per-example calls with those keys.
  keys = jax.random.split(k1, 4)
  vm = jax.vmap(lambda xi, k: f(xi[None], k)[0])(x, keys)
  np.testing.assert_array_equal(
      vm, jnp.stack([f(xi[None], k)[0] for xi, k in zip(x, keys)]))
  # Every sample is a value of its window.
  y1, xn = np.asarray(y1), np.asarray(x)
  for b, i, j, c in np.ndindex(*y1.shape):
    assert y1[b, i, j, c] in xn[b, 2 * i:2 * i + 2, 2 * j:2 * j + 2, c]


def test_stochastic_pool_conventions():
  x = jnp.array([[[-1.], [0.], [2.], [2.], [np.nan], [1.]]])  # (1, 6, 1)
  key = jax.random.PRNGKey(0)  # legacy raw keys work too
  for training in (False, True):
    y = F.stochastic_pool1d(x, 2, training=training, key=key)[0, :, 0]
    np.testing.assert_array_equal(y[:2], [0.0, 2.0])  # zero window -> 0
    assert np.isnan(y[2])  # NaN propagates
  # Zero windows and negative inputs get a zero gradient, never NaN.
  z = jnp.array([[[-1.], [0.], [1.], [3.]]])
  for training in (False, True):
    g = jax.grad(lambda z: F.stochastic_pool1d(
        z, 2, training=training, key=key).sum())(z)
    assert np.isfinite(g).all() and (g[0, :2] == 0).all()
  check_grads64(lambda x: F.stochastic_pool2d(x, 2, 1),
                positive_input((2, 5, 5, 2)))
  # Half precision is computed in float32 and cast back.
  xb = jnp.asarray(positive_input((1, 6, 6, 2)), jnp.bfloat16)
  assert F.stochastic_pool2d(xb, 2).dtype == jnp.bfloat16
  assert F.stochastic_pool2d(xb, 2, training=True, key=key).dtype == (
      jnp.bfloat16)


# ---- GeM ------------------------------------------------------------------

# (n, spatial, p, kernel, stride, per_channel)
GEM_CASES = [
    (1, (9,), 3.0, None, None, False),
    (1, (10,), 2.5, 3, 2, True),
    (2, (5, 6), 3.0, None, None, True),
    (2, (7, 7), 4.0, (3, 2), (2, 1), False),
    (3, (4, 5, 3), 1.7, None, None, False),
    (3, (4, 4, 4), 6.0, 2, None, True),
]


@pytest.mark.parametrize("case", GEM_CASES, ids=_ids(GEM_CASES))
def test_gem_pool_matches_paper(case):
  n, spatial, p, k, s, per_channel = case
  channels_last = not per_channel or n == 1
  batched = n != 2 or channels_last
  x = unique_input((2, 3) + spatial) / 10  # some below eps: the clamp
  pv = np.array([p, p + 1.0, 0.5 * p], np.float32) if per_channel else p
  kk = None if k is None else tup(k, n)
  ss = kk if s is None else (None if k is None else tup(s, n))
  nb = 2 if batched else 1
  fn = lambda x, pv: GEM[n](x, pv, k, s, channels_last=channels_last)
  xin = to_layout(x, channels_last, batched)
  out = fn(xin, jnp.asarray(pv))
  np.testing.assert_allclose(from_layout(out, channels_last, batched),
                             gem_ref(x, pv, kk, ss)[:nb], rtol=2e-6)
  # Gradients in x and p, on inputs above eps.
  check_grads64(fn, to_layout(positive_input((2, 3) + spatial),
                              channels_last, batched), jnp.asarray(pv),
                modes=("fwd", "rev") if n == 1 else ("rev",))


def test_gem_pool_limits_and_large_p():
  x = jnp.asarray(positive_input((2, 6, 6, 3)) * 4)
  # p = 1 is average pooling, globally and over windows.
  np.testing.assert_allclose(F.gem_pool2d(x, 1.0),
                             x.mean(axis=(1, 2), keepdims=True), rtol=1e-6)
  np.testing.assert_allclose(F.gem_pool2d(x, 1.0, 3, 1),
                             F.avg_pool2d(x, 3, 1), rtol=1e-6)
  # Large p tends to max pooling: max * K**(-1/p) <= out <= max.
  big = F.max_pool2d(x, 3, 1)
  for p in (50.0, 500.0, 5000.0):
    out = F.gem_pool2d(x, p, 3, 1)
    assert (out <= big * (1 + 1e-6)).all()
    assert (out >= big * 9.0 ** (-1 / p) * (1 - 1e-6)).all()
  # No overflow in float32 where x**p overflows (1e3**100); float64 reference.
  xl = np.random.default_rng(0).uniform(1, 1e3, (2, 5, 5, 2)).astype(
      np.float32)
  for p in (100.0, 30.0):
    out = F.gem_pool2d(jnp.asarray(xl), p)
    assert np.isfinite(out).all()
    want = gem_ref(np.moveaxis(xl, -1, 1), p)
    np.testing.assert_allclose(from_layout(out, True), want, rtol=2e-5)
    g = jax.grad(lambda p: F.gem_pool2d(jnp.asarray(xl), p).sum())(p)
    assert np.isfinite(g)
  # p < 0 tends to the min (normalised by the min), p = 0 is the geometric
  # mean, with finite gradients at 0.
  xs = jnp.asarray(positive_input((1, 4, 1)))
  np.testing.assert_allclose(F.gem_pool1d(xs, -2.0)[0, 0, 0],
                             np.mean(np.asarray(xs) ** -2.0) ** -0.5,
                             rtol=1e-6)
  np.testing.assert_allclose(F.gem_pool1d(xs, 0.0)[0, 0, 0],
                             np.exp(np.mean(np.log(np.asarray(xs)))),
                             rtol=1e-6)
  np.testing.assert_allclose(F.gem_pool1d(xs, -500.0)[0, 0, 0], xs.min(),
                             rtol=1e-2)
  for p in (0.0, -1.5):
    assert np.isfinite(jax.grad(lambda p: F.gem_pool1d(xs, p).sum())(p))
  # The clamp: everything below eps counts as eps; NaN propagates.
  z = jnp.array([[[-5.], [0.], [np.nan], [2.]]])
  y = F.gem_pool1d(z, 3.0, 2, eps=1e-3)[0, :, 0]
  np.testing.assert_allclose(y[0], 1e-3, rtol=1e-6)
  assert np.isnan(y[1])
  assert F.gem_pool2d(jnp.asarray(x, jnp.bfloat16)).dtype == jnp.bfloat16


# ---- mixed max-average pooling -------------------------------------------

# (n, spatial, kernel, stride, padding, ceil_mode, count_include_pad,
#  per_channel)
MIXED_CASES = [
    (1, (9,), 3, None, 1, False, True, True),
    (2, (7, 7), 3, 2, 1, True, False, False),
    (2, (6, 7), (2, 3), (2, 1), 0, False, True, True),
    (3, (5, 4, 5), 2, None, 1, True, True, False),
]


@pytest.mark.parametrize("case", MIXED_CASES, ids=_ids(MIXED_CASES))
def test_mixed_pool_matches_paper(case):
  n, spatial, k, s, p, ceil, cip, per_channel = case
  channels_last = per_channel
  x = unique_input((2, 3) + spatial)
  kk = tup(k, n)
  ss = kk if s is None else tup(s, n)
  pads = [(pp, pp) for pp in tup(p, n)]
  alpha = np.array([0.2, 0.7, 1.0], np.float32) if per_channel else 0.3
  a = np.asarray(alpha).reshape((1, -1) + (1,) * n)
  # Lee et al. eq. (1): a * f_max + (1 - a) * f_avg.
  want = (a * oracle.max_pool(x, kk, ss, pads, None, ceil)[0]
          + (1 - a) * oracle.avg_pool(x, kk, ss, pads, ceil, cip))
  fn = lambda x, alpha: MIXED[n](x, alpha, k, s, p, ceil, cip,
                                 channels_last=channels_last)
  xin = to_layout(x, channels_last)
  np.testing.assert_allclose(from_layout(fn(xin, jnp.asarray(alpha)),
                                         channels_last), want, rtol=1e-5,
                             atol=1e-5)
  check_grads64(fn, xin, jnp.asarray(alpha),
                modes=("fwd", "rev") if n == 1 else ("rev",))


def test_mixed_pool_endpoints():
  x = jnp.asarray(unique_input((2, 7, 7, 3)))
  np.testing.assert_array_equal(F.mixed_pool2d(x, 1.0, 3, 2, 1),
                                F.max_pool2d(x, 3, 2, 1))
  np.testing.assert_array_equal(F.mixed_pool2d(x, 0.0, 3, 2, 1),
                                F.avg_pool2d(x, 3, 2, 1))
  # The max part's gradient goes to the first max, as max pooling's.
  xt = jnp.array([[[2.], [2.], [1.], [1.]]])
  g = jax.grad(lambda x: F.mixed_pool1d(x, 0.5, 2).sum())(xt)[0, :, 0]
  np.testing.assert_allclose(g, [0.75, 0.25, 0.75, 0.25])


# ---- BlurPool ---------------------------------------------------------------

# (n, spatial, filt_size, stride, pad_type, pad_off)
BLUR_CASES = [
    (1, (9,), 1, 2, "reflect", 0),
    (1, (10,), 7, 3, "replicate", 1),
    (1, (6,), 2, 1, "zero", 0),
    (2, (8, 7), 4, 2, "reflect", 0),
    (2, (7, 9), 5, 2, "zero", 0),
    (2, (6, 6), 3, (1, 2), "replicate", 0),
    (2, (7, 8), (6, 3), 2, "reflect", 1),
    (3, (5, 6, 4), 3, 2, "reflect", 0),
    (3, (4, 5, 5), (2, 4, 1), (2, 1, 2), "zero", 0),
]


@pytest.mark.parametrize("case", BLUR_CASES, ids=_ids(BLUR_CASES))
def test_blur_pool_matches_paper(case):
  n, spatial, f, s, pad_type, pad_off = case
  channels_last = sum(spatial) % 2 == 0
  x = np.random.default_rng(0).normal(size=(2, 3) + spatial).astype(
      np.float32)
  fn = lambda x: BLUR[n](x, f, s, pad_type, pad_off,
                         channels_last=channels_last)
  xin = to_layout(x, channels_last)
  out = fn(xin)
  want = blur_ref(x, f, s, pad_type, pad_off)
  np.testing.assert_allclose(from_layout(out, channels_last), want,
                             rtol=1e-5, atol=1e-6)
  for L, o, ff, ss in zip(spatial, want.shape[2:], tup(f, n), tup(s, n)):
    assert o == (L + 2 * pad_off - 1) // ss + 1  # the documented size
  if pad_off or f == 7 or n == 3:  # linear: a few cases suffice
    check_grads64(fn, xin, modes=("rev",))


def test_max_blur_pool_is_dense_max_then_blur():
  x = unique_input((2, 3, 9, 8))
  want = blur_ref(oracle.max_pool(x, (2, 2), (1, 1), [(0, 0)] * 2)[0], 4, 2)
  out = F.max_blur_pool2d(jnp.asarray(x), channels_last=False)
  np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)
  x1 = unique_input((2, 3, 11))
  want1 = blur_ref(oracle.max_pool(x1, (3,), (1,), [(0, 0)])[0], 3, 3,
                   "zero", 1)
  fn = lambda x: F.max_blur_pool1d(x, 3, 3, 3, "zero", 1)
  xin = to_layout(x1, True)
  np.testing.assert_allclose(from_layout(fn(xin), True), want1, rtol=1e-5,
                             atol=1e-5)
  check_grads64(fn, xin)
  # The binomial filter generalises past the paper's 7 taps.
  from jaxpool._src.pool.research import binomial_filter
  for f, taps in PAPER_FILTERS.items():
    np.testing.assert_allclose(binomial_filter(f), np.array(taps) / sum(taps))
  assert F.blur_pool1d(jnp.ones((1, 20, 1)), 9).shape == (1, 10, 1)


# ---- spatial pyramid pooling ------------------------------------------------

SPP = {1: F.spatial_pyramid_pool1d, 2: F.spatial_pyramid_pool2d,
       3: F.spatial_pyramid_pool3d}


def spp_ref(x, levels, mode, channels_last):
  """He et al. 2014: per level, l x l bins over the whole map (the bins of
  PyTorch's adaptive pooling: [floor(i L / l), ceil((i + 1) L / l))), max or
  mean per bin, flattened per level, levels concatenated."""
  x = np.asarray(x, np.float64)
  n = x.ndim - 2
  feats = []
  for level in levels:
    bins = tup(level, n)
    out = np.empty(x.shape[:2] + bins)
    for o in np.ndindex(*bins):
      sl = tuple(slice(math.floor(i * L / b), math.ceil((i + 1) * L / b))
                 for i, L, b in zip(o, x.shape[2:], bins))
      taps = x[(Ellipsis,) + sl].reshape(x.shape[:2] + (-1,))
      out[(Ellipsis,) + o] = taps.max(-1) if mode == "max" else taps.mean(-1)
    if channels_last:
      out = np.moveaxis(out, 1, -1)
    feats.append(out.reshape(x.shape[0], -1))
  return np.concatenate(feats, axis=1)


# (n, spatial, levels, mode, channels_last, batched)
SPP_CASES = [
    (1, (9,), (1, 2, 4), "max", True, True),
    (2, (7, 5), [1, (2, 3), 4], "avg", False, True),   # 4 > 3 bins overlap
    (2, (6, 6), (3, 6, 8), "max", False, False),       # a level above size
    (2, (13, 11), (1, 2, 4), "max", True, True),
    (3, (4, 5, 3), (1, 2), "avg", True, True),
]


@pytest.mark.parametrize("case", SPP_CASES, ids=_ids(SPP_CASES))
def test_spatial_pyramid_pool_matches_paper(case):
  n, spatial, levels, mode, channels_last, batched = case
  x = unique_input((2, 3) + spatial)
  fn = lambda x: SPP[n](x, levels, mode, channels_last=channels_last)
  xin = to_layout(x, channels_last, batched)
  out = fn(xin)
  want = spp_ref(x, levels, mode, channels_last)
  features = 3 * sum(math.prod(tup(lv, n)) for lv in levels)
  assert out.shape == ((2, features) if batched else (features,))
  np.testing.assert_allclose(out if batched else out[None],
                             want[:2 if batched else 1], rtol=1e-6)
  if mode == "avg" or n == 1:  # the max's gradient rule is adaptive pooling's
    check_grads64(fn, xin)


def test_spatial_pyramid_pool_fixed_length_and_layouts():
  """Any input size gives the same length; channels_last=False matches the
  usual PyTorch implementation's order (C-major within each level)."""
  m = jnn.SpatialPyramidPool2d((1, 2, 4))
  for hw in ((4, 4), (9, 17)):
    x = jnp.asarray(unique_input((2,) + hw + (5,)))
    assert m.apply({}, x).shape == (2, 5 * 21)
    cf = F.spatial_pyramid_pool2d(jnp.moveaxis(x, -1, 1), channels_last=False)
    want = jnp.concatenate([
        jnp.moveaxis(F.adaptive_max_pool2d(x, lv), -1, 1).reshape(2, -1)
        for lv in (1, 2, 4)], axis=1)
    np.testing.assert_array_equal(cf, want)
  xi = jnp.arange(16, dtype=jnp.int32).reshape(1, 4, 4, 1)
  np.testing.assert_array_equal(F.spatial_pyramid_pool2d(xi, (1, 2)),
                                [[15, 5, 7, 13, 15]])


# ---- every op: transforms, unbatched, modules -------------------------------

OPS = {
    "stochastic": lambda x: F.stochastic_pool2d(x, 3, 2),
    "gem": lambda x: F.gem_pool2d(x, 3.0),
    "gem_window": lambda x: F.gem_pool2d(x, jnp.array([2.0, 3.0, 4.0]), 3, 2),
    "mixed": lambda x: F.mixed_pool2d(x, 0.4, 3, 2, 1, True),
    "blur": lambda x: F.blur_pool2d(x),
    "max_blur": lambda x: F.max_blur_pool2d(x, 3, filt_size=3),
    "spp": lambda x: F.spatial_pyramid_pool2d(x, (1, 3), "avg"),
}


@pytest.mark.parametrize("op", sorted(OPS))
def test_jit_vmap_unbatched_agree(op):
  fn = OPS[op]
  x = jnp.asarray(positive_input((3, 7, 7, 3)))
  eager = fn(x)
  np.testing.assert_allclose(jax.jit(fn)(x), eager, rtol=1e-6)
  np.testing.assert_allclose(jax.vmap(lambda xi: fn(xi[None])[0])(x), eager,
                             rtol=1e-6)
  np.testing.assert_allclose(jnp.stack([fn(xi) for xi in x]), eager,
                             rtol=1e-6)  # unbatched (H, W, C) input


def test_modules_equal_functions():
  x = jnp.asarray(positive_input((2, 8, 8, 3)))
  key = jax.random.key(3)
  np.testing.assert_array_equal(
      jnn.StochasticPool2d(2, deterministic=True).apply({}, x),
      F.stochastic_pool2d(x, 2))
  np.testing.assert_array_equal(
      jnn.StochasticPool2d(2).apply({}, x, deterministic=False, rng=key),
      F.stochastic_pool2d(x, 2, training=True, key=key))
  with pytest.raises(ValueError, match="deterministic"):
    jnn.StochasticPool2d(2).apply({}, x)
  np.testing.assert_array_equal(
      jnn.BlurPool2d(3, 2, "zero").apply({}, x),
      F.blur_pool2d(x, 3, 2, "zero"))
  np.testing.assert_array_equal(jnn.MaxBlurPool2d().apply({}, x),
                                F.max_blur_pool2d(x))
  x1 = jnp.asarray(positive_input((2, 3, 9)))
  np.testing.assert_array_equal(
      jnn.BlurPool1d(channels_last=False).apply({}, x1),
      F.blur_pool1d(x1, channels_last=False))

  gem = jnn.GeM2d()
  params = gem.init(key, x)
  assert params["params"]["p"].shape == ()
  np.testing.assert_array_equal(gem.apply(params, x), F.gem_pool2d(x, 3.0))
  gp = jax.grad(lambda v: gem.apply(v, x).sum())(params)["params"]["p"]
  assert np.isfinite(gp) and gp != 0
  gem3 = jnn.GeM3d(init_p=2.0, per_channel=True, channels_last=False)
  x3 = jnp.asarray(positive_input((1, 2, 4, 4, 4)))
  p3 = gem3.init(key, x3)
  assert p3["params"]["p"].shape == (2,)
  np.testing.assert_array_equal(gem3.apply(p3, x3),
                                F.gem_pool3d(x3, 2.0, channels_last=False))

  mixed = jnn.MixedPool2d(3, 2, 1, per_channel=True, init_alpha=0.25)
  mp = mixed.init(key, x)
  np.testing.assert_allclose(jax.nn.sigmoid(mp["params"]["alpha_logit"]),
                             0.25, rtol=1e-6)
  np.testing.assert_allclose(mixed.apply(mp, x),
                             F.mixed_pool2d(x, 0.25, 3, 2, 1), rtol=1e-6)


def test_modules_in_a_model_under_jit():
  class Net(nn.Module):
    @nn.compact
    def __call__(self, x, train):
      x = jnn.StochasticPool2d(2)(x, deterministic=not train)
      x = jnn.MixedPool2d(2)(x)
      x = jnn.BlurPool2d(3)(x)
      return jnn.GeM2d()(x).mean() + jnn.SpatialPyramidPool2d((1, 2))(x).mean()

  net = Net()
  x = jnp.asarray(positive_input((2, 16, 16, 2)))
  params = net.init(jax.random.key(0), x, False)
  assert set(params["params"]) >= {"MixedPool2d_0", "GeM2d_0"}

  @jax.jit
  @chex.assert_max_traces(n=1)
  def step(params, x, key):
    return jax.grad(lambda p: net.apply(p, x, True, rngs={"dropout": key}))(
        params)

  g1 = step(params, x, jax.random.key(1))
  g2 = step(params, x, jax.random.key(1))
  chex.assert_trees_all_equal(g1, g2)
  assert np.isfinite(g1["params"]["GeM2d_0"]["p"])


# ---- errors -----------------------------------------------------------------

X2 = jnp.ones((2, 8, 8, 3))
KEY = jax.random.key(0)


@pytest.mark.parametrize("call, error, match", [
    (lambda: F.stochastic_pool2d(X2, 0), ValueError,
     r"stochastic_pool2d: kernel_size=0 must be positive"),
    (lambda: F.stochastic_pool2d(X2, 9), ValueError,
     r"stochastic_pool2d: output size is too small"),
    (lambda: F.stochastic_pool2d(X2, 2, training=True), ValueError,
     r"stochastic_pool2d: key=None with training=True"),
    (lambda: F.stochastic_pool2d(X2, 2, training=True, key=3), TypeError,
     r"stochastic_pool2d: key=3 is not a jax.random key"),
    (lambda: F.stochastic_pool2d(X2, 2, training=1, key=KEY), TypeError,
     r"stochastic_pool2d: training=1 must be a bool"),
    (lambda: F.stochastic_pool1d(X2, 2), ValueError,
     r"stochastic_pool1d: input has shape \(2, 8, 8, 3\) \(rank 4\)"),
    (lambda: F.stochastic_pool2d(X2.astype(jnp.int32), 2), TypeError,
     r"stochastic_pool2d: input dtype int32 is not supported"),
    (lambda: F.gem_pool2d(X2, 3.0, eps=0.0), ValueError,
     r"gem_pool2d: eps=0.0 must be a positive finite number"),
    (lambda: F.gem_pool2d(X2, 3.0, eps="1"), TypeError,
     r"gem_pool2d: eps='1' must be a real number"),
    (lambda: F.gem_pool2d(X2, 3.0, stride=2), ValueError,
     r"gem_pool2d: stride=2 is given without kernel_size"),
    (lambda: F.gem_pool2d(X2, jnp.ones(4)), ValueError,
     r"gem_pool2d: p has shape \(4,\); expected a scalar or shape \(3,\)"),
    (lambda: F.gem_pool2d(X2, "3"), TypeError,
     r"gem_pool2d: p='3' is not a real number or array"),
    (lambda: F.gem_pool3d(X2[0, 0], 3.0, 2), ValueError,
     r"gem_pool3d: input has shape"),
    (lambda: F.gem_pool2d(X2, 3.0, (2, 2, 2)), ValueError,
     r"gem_pool2d: kernel_size=\(2, 2, 2\) has 3 entries"),
    (lambda: F.mixed_pool2d(X2, jnp.ones((3, 1)), 2), ValueError,
     r"mixed_pool2d: alpha has shape \(3, 1\)"),
    (lambda: F.mixed_pool2d(X2, True, 2), TypeError,
     r"mixed_pool2d: alpha has dtype bool"),
    (lambda: F.mixed_pool2d(X2, 0.5, 3, padding=2), ValueError,
     r"mixed_pool2d: padding=2 must be at most half of kernel_size=3"),
    (lambda: F.mixed_pool2d(X2, 0.5, 2, count_include_pad=None), TypeError,
     r"mixed_pool2d: count_include_pad=None must be a bool"),
    (lambda: F.blur_pool2d(X2, 0), ValueError,
     r"blur_pool2d: filt_size=0 must be positive"),
    (lambda: F.blur_pool2d(X2, 3, 0), ValueError,
     r"blur_pool2d: stride=0 must be positive"),
    (lambda: F.blur_pool2d(X2, 3, pad_type="circular"), ValueError,
     r"blur_pool2d: pad_type='circular' is not a padding type"),
    (lambda: F.blur_pool2d(X2, 3, pad_off=-1), ValueError,
     r"blur_pool2d: pad_off=-1 must be non-negative"),
    (lambda: F.blur_pool2d(X2, 3, pad_off=1.0), TypeError,
     r"blur_pool2d: pad_off=1.0 must be an int"),
    (lambda: F.blur_pool2d(jnp.ones((1, 2, 2, 1)), 7), ValueError,
     r"blur_pool2d: reflect padding \(3, 3\) for filt_size=7, pad_off=0 must "
     r"be smaller than the input size 2"),
    (lambda: F.blur_pool1d(jnp.ones((1, 0, 1)), 3, pad_type="zero"),
     ValueError, r"blur_pool1d: output size is too small"),
    (lambda: F.blur_pool2d(X2, 3, channels_last="no"), TypeError,
     r"blur_pool2d: channels_last='no' must be a bool"),
    (lambda: F.max_blur_pool2d(X2, 9), ValueError,
     r"max_blur_pool2d: output size is too small"),
    (lambda: F.max_blur_pool2d(jnp.ones((1, 3, 3, 1)), 2), ValueError,
     r"max_blur_pool2d: reflect padding \(1, 2\)"),
    (lambda: F.spatial_pyramid_pool2d(X2, ()), ValueError,
     r"spatial_pyramid_pool2d: levels=\(\) is empty"),
    (lambda: F.spatial_pyramid_pool2d(X2, (1, 0)), ValueError,
     r"spatial_pyramid_pool2d: levels=\(1, 0\) must hold positive bin counts;"
     r" got 0"),
    (lambda: F.spatial_pyramid_pool2d(X2, (1, (2, -1))), ValueError,
     r"spatial_pyramid_pool2d: levels=\(2, -1\) must be positive"),
    (lambda: F.spatial_pyramid_pool2d(X2, (1, (2, 2, 2))), ValueError,
     r"spatial_pyramid_pool2d: levels=\(2, 2, 2\) has 3 entries"),
    (lambda: F.spatial_pyramid_pool2d(X2, 4), TypeError,
     r"spatial_pyramid_pool2d: levels=4 must be a sequence of levels"),
    (lambda: F.spatial_pyramid_pool2d(X2, (1, 2.0)), TypeError,
     r"spatial_pyramid_pool2d: levels=2.0 is not an int"),
    (lambda: F.spatial_pyramid_pool2d(X2, mode="mean"), ValueError,
     r"spatial_pyramid_pool2d: mode='mean' is not a pooling mode"),
    (lambda: F.spatial_pyramid_pool2d(jnp.ones((1, 0, 4, 1))), ValueError,
     r"spatial_pyramid_pool2d: input has shape \(1, 0, 4, 1\) with an empty"),
    (lambda: F.spatial_pyramid_pool2d(X2.astype(jnp.int32), mode="avg"),
     TypeError, r"spatial_pyramid_pool2d: input dtype int32 is not supported"),
    (lambda: F.spatial_pyramid_pool3d(X2[0]), ValueError,
     r"spatial_pyramid_pool3d: input has shape \(8, 8, 3\) \(rank 3\)"),
    (lambda: jnn.MixedPool2d(2, init_alpha=1.0).init(KEY, X2), ValueError,
     r"MixedPool2d: init_alpha=1.0 must lie in \(0, 1\)"),
    (lambda: jnn.GeM2d(init_p=float("nan")).init(KEY, X2), ValueError,
     r"GeM2d: init_p=nan must be a finite number"),
])
def test_invalid_arguments_raise(call, error, match):
  with pytest.raises(error, match=match):
    call()
