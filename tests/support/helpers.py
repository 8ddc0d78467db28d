"""Shared test helpers: inputs, layouts and float64 gradient checks."""

import jax
import jax.numpy as jnp
import numpy as np
from jax.test_util import check_grads


def tup(v, n):
  return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def unique_input(shape, seed=0):
  """Distinct values spaced by >= 1, so argmax is unambiguous under the
  finite differences of check_grads."""
  rng = np.random.default_rng(seed)
  size = int(np.prod(shape))
  return (rng.permutation(size) - size / 2).reshape(shape).astype(np.float32)


def check_grads64(fn, *args, modes=("fwd", "rev")):
  """check_grads in float64, where finite differences are trustworthy."""
  with jax.enable_x64(True):
    check_grads(fn, tuple(jnp.asarray(np.asarray(a), jnp.float64)
                          for a in args), order=1, modes=modes)


def to_layout(x_cf, channels_last, batched=True):
  """A channels-first NumPy array in the layout under test, as jax."""
  x = np.moveaxis(x_cf, 1, -1) if channels_last else x_cf
  return jnp.asarray(x if batched else x[0])


def from_layout(y, channels_last, batched=True):
  """Back to batched channels-first NumPy, for comparison with references."""
  y = np.asarray(y)
  if not batched:
    y = y[None]
  return np.moveaxis(y, -1, 1) if channels_last else y
