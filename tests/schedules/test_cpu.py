"""The cpu schedule's own paths: unpooling placed by stride phases, padded
windows by regions, tangents from stride phases, fusion barriers. Each path
is forced on and checked against the oracle and the plain computation; the
whole file runs under the cpu schedule, whatever JAXPOOL_SCHEDULE says."""

import math

import chex
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool
import jaxpool.functional as F
from jaxpool._src.core import geometry
from jaxpool._src.schedules.cpu import phases, place, reduce, regions
from tests.functional.test_pooling import (
    AVG_CASES,
    MAX,
    MAX_CASES,
    PLACEMENT_CASES,
    UNPOOL,
    _ids,
    _random_window_indices,
    test_avg_pool_matches_oracle,
    test_max_pool3d_staged_reduction_keeps_conventions,
    test_max_pool3d_staged_window_outside_the_input_in_depth,
    test_max_pool_all_neg_inf_window_points_at_first_in_bounds_tap,
    test_max_pool_matches_oracle,
    test_max_pool_nan_propagates_and_index_is_last_nan,
    test_max_pool_ties_go_to_first_max_in_row_major_order,
)
from tests.support import oracle
from tests.support.helpers import from_layout, to_layout, tup, unique_input


@pytest.fixture(autouse=True)
def cpu_schedule():
  with jaxpool.schedule("cpu"):
    yield


# ---- unpooling placed in windows by stride phases ---------------------------

@pytest.fixture
def place_small_inputs(monkeypatch):
  """Unpooling places even these small inputs (not only from 2^15 values)."""
  monkeypatch.setattr(place, "PLACE_MIN_INPUTS", 0)
  jax.clear_caches()  # the jitted core would keep its scattering trace
  yield
  jax.clear_caches()


@pytest.mark.parametrize("case", PLACEMENT_CASES, ids=_ids(PLACEMENT_CASES))
def test_max_unpool_places_indices_within_their_windows(case,
                                                       place_small_inputs):
  # Indices that each name a tap of their own window (as max pooling's do)
  # are placed by stride phases or tiles, not scattered: random taps, so
  # windows that overlap name one element with different values, and the
  # later window wins (the oracle is a serial scatter). -0.0 and NaN keep
  # their bits.
  n, grid, k, s, p, delta = case
  kk, ss, pp = tup(k, n), tup(s, n), tup(p, n)
  default = tuple((g - 1) * st + kn - 2 * pd
                  for g, st, kn, pd in zip(grid, ss, kk, pp))
  out_spatial = tuple(d + e for d, e in zip(default, delta))
  shape = (2, 3) + grid
  rng = np.random.default_rng(n)
  window = lambda axes: geometry.Window(axes, out_spatial, kk, ss, (1,) * n,
                                        tuple((pd, pd) for pd in pp), grid)
  idx, want_code = _random_window_indices(rng, shape, window((2, 3, 4)[:n]))
  x = rng.standard_normal(shape).astype(np.float32)
  x.reshape(-1)[:2] = [-0.0, np.nan]
  want = oracle.max_unpool(x, idx, out_spatial)
  for cl in (True, False):
    w = window(tuple(range(1, 1 + n)) if cl else tuple(range(2, 2 + n)))
    v, i = to_layout(x, cl), to_layout(idx.astype(np.int32), cl)
    code = jax.jit(place._index_codes, static_argnums=1)(i, w)
    np.testing.assert_array_equal(from_layout(code, cl), want_code)
    placed = from_layout(jax.jit(place._place_in_windows, static_argnums=2)(
        v, code, w), cl)
    np.testing.assert_array_equal(np.signbit(placed), np.signbit(want))
    np.testing.assert_array_equal(placed, want)  # NaN == NaN here
    # The public function, which takes that path.
    out = UNPOOL[n](v, i, k, s, p, out_spatial, channels_last=cl)
    np.testing.assert_array_equal(from_layout(out, cl), want)
  ints = rng.integers(-50, 50, shape).astype(np.int32)
  np.testing.assert_array_equal(
      from_layout(UNPOOL[n](to_layout(ints, True), to_layout(
          idx.astype(np.int32), True), k, s, p, out_spatial), True),
      oracle.max_unpool(ints, idx, out_spatial))


def test_max_unpool_scatters_indices_outside_their_windows(
    place_small_inputs):
  # One index naming another window's element, one out of range (dropped
  # under jit), and one whose offset from its window's first tap is that of
  # a tap in the padding (it names the previous row's last element): no
  # placement by windows, the scatter's result.
  x = unique_input((1, 2, 5, 5)) + 100
  pooled, idx = oracle.max_pool(x, (3, 3), (2, 2), [(1, 1)] * 2, None, False)
  w = geometry.Window((2, 3), (5, 5), (3, 3), (2, 2), (1, 1), ((1, 1),) * 2,
                     (3, 3))
  moved = idx.copy()
  moved[0, 0, 1, 1] = 0           # window (1, 1) covers rows and cols 1..3
  moved[0, 1, 0, 1] = 25          # outside the 5x5 plane
  moved[0, 1, 1, 0] = 2 * 5 - 1   # window (1, 0)'s tap at row 2, col -1
  code = np.asarray(place._index_codes(jnp.asarray(moved, jnp.int32), w))
  assert (code >= 0).all() == False  # noqa: E712 (an array's all)
  np.testing.assert_array_equal(code < 0, moved != idx)
  fn = jax.jit(lambda v, i: F.max_unpool2d(v, i, 3, 2, 1, (5, 5),
                                           channels_last=False))
  np.testing.assert_array_equal(
      fn(jnp.asarray(pooled), jnp.asarray(moved, jnp.int32)),
      oracle.max_unpool(pooled, moved, (5, 5)))



def test_max_pool_gradient_computes_the_argmax_once():
  """Structure, not timing: the argmax code is computed in a conditional (a
  fusion barrier), so XLA cannot fuse it into the gradient once per kernel
  offset."""
  x = jnp.zeros((2, 16, 16, 4))
  for pool in (lambda x: F.max_pool2d(x, 3, 2, 1),
               lambda x: F.adaptive_max_pool2d(x, 1),
               lambda x: F.lp_pool2d(x, 2, 3, 2)):
    grad = jax.jit(jax.grad(lambda x: pool(x).sum()))
    hlo = grad.lower(x).compile().as_text()
    assert "conditional" in hlo


# ---- padded windows computed by regions (borders apart from the interior) ---

@pytest.fixture
def split_everywhere(monkeypatch):
  """Splits every padded pooling into regions, however small the output
  (by default only outputs of 2**20 elements or more are split)."""
  monkeypatch.setattr(regions, "SPLIT_MIN_OUTPUTS", 0)
  jax.clear_caches()  # the jitted cores would keep their unsplit traces
  yield
  jax.clear_caches()


def _concatenates(fn, x):
  return str(jax.make_jaxpr(fn)(x)).count("concatenate")


def test_region_split_happens_on_large_padded_outputs_only():
  """The split is real (the tests below can fail): a padded pooling over
  2**20 output elements or more is assembled from regions, a small one or
  an unpadded one is not."""
  big = jax.ShapeDtypeStruct((4, 256, 256, 16), jnp.float32)
  small = jax.ShapeDtypeStruct((2, 16, 16, 8), jnp.float32)
  fn = lambda x: F.max_pool2d(x, 3, 2, 1, return_indices=True)
  assert _concatenates(fn, big) > 0
  assert _concatenates(fn, small) == 0
  assert _concatenates(lambda x: F.max_pool2d(x, 2), big) == 0
  assert _concatenates(lambda x: F.avg_pool2d(x, 3, 2, 1), big) > 0


SPLIT_MAX_CASES = [c for c in MAX_CASES if c[4] not in (0, "VALID") or c[6]]


def test_padded_cases_are_split(split_everywhere):
  """Every padded or ceil_mode case below is split, except those with no
  interior output (every window touches a border)."""
  unsplit = [c for c in SPLIT_MAX_CASES
             if _concatenates(lambda x, c=c: MAX[c[0]](x, *c[2:]),
                              jnp.zeros((1,) + c[1] + (1,))) == 0]
  assert unsplit == [(1, (2,), 2, 3, 1, 1, True), (1, (2,), 2, 1, 1, 3, False)]


@pytest.mark.parametrize("case", SPLIT_MAX_CASES, ids=_ids(SPLIT_MAX_CASES))
def test_max_pool_by_regions_matches_oracle(case, split_everywhere):
  """Values, indices and gradients of padded and ceil_mode windows (low and
  high borders, dilation, 1-3 d, both layouts) with every pooling split."""
  test_max_pool_matches_oracle(case, channels_last=hash(case) % 2 == 0)


@pytest.mark.parametrize("case", [c for c in AVG_CASES if c[4] or c[5]][::2])
def test_avg_pool_by_regions_matches_oracle(case, split_everywhere):
  test_avg_pool_matches_oracle(case, channels_last=True)


def test_pinned_conventions_hold_by_regions(split_everywhere):
  """Ties, NaN (last NaN), all -inf windows, windows without taps and
  integers, each with its window split into regions."""
  test_max_pool_ties_go_to_first_max_in_row_major_order()
  test_max_pool_nan_propagates_and_index_is_last_nan()
  test_max_pool_all_neg_inf_window_points_at_first_in_bounds_tap()
  test_max_pool3d_staged_reduction_keeps_conventions(2, True)
  test_max_pool3d_staged_window_outside_the_input_in_depth()
  xi = jnp.asarray(unique_input((1, 2, 9, 7)), jnp.int32)
  v, i = F.max_pool2d(xi, 3, 2, 1, return_indices=True, ceil_mode=True,
                      channels_last=False)
  want_v, want_i = oracle.max_pool(np.asarray(xi), (3, 3), (2, 2),
                                   [(1, 1), (1, 1)], (1, 1), True)
  np.testing.assert_array_equal(v, want_v)
  np.testing.assert_array_equal(i, want_i)



# ---- tangents read from stride phases (their transpose: no interior pads) --

@pytest.mark.parametrize("kernel, stride, pays", [
    ((3, 3), (2, 2), True), ((4, 5), (2, 3), True),
    ((3, 1), (2, 1), False),   # overlap along one dim only
    ((3, 3), (3, 3), False), ((2, 2), (2, 2), False),  # no overlap
    ((3,), (2,), False), ((3, 3, 3), (2, 2, 2), True)])
def test_gradients_are_restructured_where_windows_overlap_in_two_dims(
    kernel, stride, pays):
  n = len(kernel)
  w, _ = geometry.make_window("f", (1,) + (9,) * n + (1,), n, kernel, stride,
                             0, 1, False, True)
  assert phases.overlaps_in_two_strided_dims(w) == pays
  x = jnp.zeros((1,) + (9,) * n + (1,))
  # Phases (splits) only where they pay, stored (a conditional) only
  # beyond _FUSED_PHASES_MAX_OFFSETS; so are the row sums of a 2-d
  # tangent's window sums (3-d sums are staged anyway).
  jaxpr = str(jax.make_jaxpr(lambda t: phases.tangent_views(t, w))(x))
  assert ("split" in jaxpr) == pays
  assert ("cond" in jaxpr) == (
      pays and math.prod(kernel) > phases.FUSED_PHASES_MAX_OFFSETS)
  if n < 3:
    jaxpr = str(jax.make_jaxpr(
        lambda t: reduce.tangent_window_sum(t, w))(x))
    assert ("cond" in jaxpr) == pays


@pytest.mark.parametrize("kernel, stride, channels_last, channels, pays", [
    # Channels first: wherever a dim is strided.
    ((2, 2), (2, 2), False, 2, True), ((3, 3), (3, 3), False, 2, True),
    ((3,), (2,), False, 2, True), ((3, 3), (2, 1), False, 2, True),
    ((3, 3), (1, 1), False, 2, False), ((3,), (1,), False, 2, False),
    # Channels last: a window over two dims overlapping along a strided
    # one, or not overlapping with 48 channels or more; never in 1-d.
    ((3, 3), (2, 1), True, 2, True), ((3, 3), (2, 2), True, 2, True),
    ((2, 2), (2, 2), True, 32, False), ((2, 2), (2, 2), True, 48, True),
    ((3, 3), (3, 3), True, 64, True), ((3, 1), (2, 1), True, 64, False),
    ((3,), (2,), True, 64, False), ((3, 3), (1, 1), True, 64, False)])
def test_max_pooling_tangents_use_phases_where_they_pay(
    kernel, stride, channels_last, channels, pays):
  n = len(kernel)
  shape = ((1,) + (9,) * n + (channels,) if channels_last
           else (1, channels) + (9,) * n)
  w, _ = geometry.make_window("f", shape, n, kernel, stride, 0, 1, False,
                             channels_last)
  assert phases.tangent_phases_pay(w, shape) == pays
  jaxpr = str(jax.make_jaxpr(lambda t: phases.tangent_views(t, w))(
      jnp.zeros(shape)))
  assert ("split" in jaxpr) == pays


# (spatial, kernel, stride, padding, dilation, ceil_mode): sizes not
# multiples of the stride, ceil edges, dilations landing every tap in one
# phase, offsets reading only padding, strides above the kernel.
PHASE_WINDOWS = [
    ((7, 8), 3, 2, 1, 1, False),
    ((9, 7), 3, 2, ((0, 1), (1, 0)), 2, True),
    ((8, 9), (4, 5), (2, 3), (1, 2), 1, True),
    ((5, 6), 3, 2, 1, (2, 3), True),
    ((4, 4), 2, 3, 1, 3, True),
    ((6, 5, 7), (3, 2, 3), (2, 3, 2), (1, 1, 0), (1, 2, 1), True),
]


# Channels first for a fused and a stored 2-d window and the 3-d one.
@pytest.mark.parametrize("window, channels_last", (
    [(w, True) for w in PHASE_WINDOWS]
    + [(PHASE_WINDOWS[i], False) for i in (0, 2, 5)]))
def test_tangent_views_equal_the_strided_views(window, channels_last,
                                               monkeypatch):
  """Read from stride phases, the views and their transposes are exactly
  the plain strided views and theirs (every window forced through phases)."""
  monkeypatch.setattr(phases, "tangent_phases_pay",
                      lambda w, shape: True)
  spatial, k, s, p, d, ceil = window
  n = len(spatial)
  shape = (2,) + spatial + (3,) if channels_last else (2, 3) + spatial
  w, _ = geometry.make_window("f", shape, n, k, s, p, d, ceil, channels_last)
  x = jnp.asarray(unique_input(shape))
  views = {"phased": lambda t: phases.tangent_views(t, w),
           "plain": lambda t: [geometry.view(t, w, o, 0) for o in w.offsets]}
  ct = [jnp.asarray(unique_input(w.out_shape(shape))) + i
        for i in range(len(list(w.offsets)))]

  @jax.jit
  def views_and_transpose(x, ct):
    return {k: (f(x), jax.linear_transpose(f, x)(ct)[0])
            for k, f in views.items()}

  got = views_and_transpose(x, ct)
  assert len(got["phased"][0]) == len(got["plain"][0])
  chex.assert_trees_all_equal(got["phased"], got["plain"])
