"""PyTorch's first-max rule, in its three forms (core/rules.py), against a
plain Python scan and against each other: ties, signed zeros, NaN, +-inf,
all -inf windows and integers."""

import jax.numpy as jnp
import numpy as np
import pytest

from jaxpool._src.core import rules


def torch_scan(window, start=0):
  """PyTorch's CPU scan over one window's taps: from ``start`` (its first
  in-bounds tap), replace when strictly greater or NaN."""
  best, arg = -np.inf, start
  for j in range(start, len(window)):
    v = window[j]
    if v > best or np.isnan(v):
      best, arg = v, j
  return arg


def edge_windows(dtype, k=5, n=400, seed=0):
  rng = np.random.default_rng(seed)
  if np.issubdtype(dtype, np.integer):
    w = rng.integers(-3, 3, (n, k)).astype(dtype)
    w[:20] = np.iinfo(dtype).min  # all-lowest windows
    return w
  big = np.finfo(dtype).max
  pool = np.array([-2, -1, -0.0, 0.0, 1, 2, np.inf, -np.inf, np.nan, big,
                   -big], dtype)
  w = rng.choice(pool, (n, k))
  w[:20] = -np.inf  # all -inf windows
  return w


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.int32])
def test_three_forms_of_the_first_max_agree_with_the_scan(dtype):
  w = edge_windows(dtype)
  want = np.array([torch_scan(row) for row in w])
  views = [jnp.asarray(w[:, j]) for j in range(w.shape[1])]
  taps = np.arange(w.shape[1], dtype=np.int32)

  best, scanned = rules.running_winner(views, taps)
  np.testing.assert_array_equal(scanned, want)

  given_max = rules.first_winning_tap(
      views, best, jnp.zeros(best.shape, jnp.int32), taps)
  np.testing.assert_array_equal(given_max, want)

  along = rules.first_max_along(jnp.asarray(w), 1)[:, 0]
  np.testing.assert_array_equal(along, want)

  # The value: the max, NaN where the window holds one (every form's).
  value = rules.nan_max_along(jnp.asarray(w), 1)
  np.testing.assert_array_equal(value, w[np.arange(len(w)), want])
  np.testing.assert_array_equal(best, w[np.arange(len(w)), want])


def test_the_scan_starts_at_the_first_in_bounds_tap():
  """winning_tap: a window whose taps are all the lowest value keeps its
  first in-bounds tap, not the padding before it."""
  from jaxpool._src.core import geometry
  w, _ = geometry.make_window("f", (1, 4, 1), 1, 3, 2, 1, 1, False, True)
  x = jnp.full((1, 4, 1), -jnp.inf)
  taps = np.arange(3, dtype=np.int32)
  # Window 0 covers (pad, 0, 1): its first in-bounds tap is offset 1.
  np.testing.assert_array_equal(rules.winning_tap(x, w, taps)[0, :, 0],
                                [1, 0])
