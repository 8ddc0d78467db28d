"""Edge cases found by fuzzing against PyTorch 2.13: the sign of a zero
average, and LP pooling with infinite norms (PyTorch's max-pool path).

Each is checked under both schedules and in both layouts, against the NumPy
oracle or values derived by hand from PyTorch's definitions, and against live
PyTorch where installed.
"""

import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool
import jaxpool.functional as F
from tests.support import oracle
from tests.support.helpers import from_layout, to_layout

try:
  import torch
  import torch.nn.functional as TF
except ImportError:
  torch = None

SCHEDULES = ["cpu", "xla"]
LAYOUTS = pytest.mark.parametrize("channels_last", [True, False],
                                  ids=["channels_last", "channels_first"])
INF = math.inf


# ---- the sign of a zero average ----------------------------------------------

@pytest.mark.parametrize("schedule", SCHEDULES)
@LAYOUTS
@pytest.mark.parametrize("n, divisor", [(2, -2), (3, -3), (2, 5)])
def test_a_zero_average_is_plus_zero(n, divisor, channels_last, schedule):
  """PyTorch's average behaves as ``+0 + sum / divisor``: zero windows (of
  +0 and -0) give +0 with a negative divisor_override too; the gradient is
  the divisor's, unchanged."""
  x = np.zeros((2, 3) + (4,) * n, np.float32)
  x[:, :, ::2] = -0.0
  x[(0, 0) + (1,) * n] = 5.0  # one window is not zero
  fn = getattr(F, f"avg_pool{n}d")
  with jaxpool.schedule(schedule):
    y, vjp = jax.vjp(lambda z: fn(z, 2, divisor_override=divisor,
                                  channels_last=channels_last),
                     to_layout(x, channels_last))
    g = from_layout(vjp(jnp.ones(y.shape, y.dtype))[0], channels_last)
  y = from_layout(y, channels_last)
  want = oracle.avg_pool(x, (2,) * n, (2,) * n, [(0, 0)] * n,
                         divisor_override=divisor, running_dtype=np.float32)
  # Within an ulp: jaxpool multiplies by the divisor's reciprocal.
  np.testing.assert_allclose(y, want, rtol=2e-7, atol=0)
  np.testing.assert_array_equal(np.signbit(y), np.signbit(want))
  assert not np.signbit(y[y == 0]).any()
  np.testing.assert_array_equal(g, np.full(x.shape, 1 / divisor, np.float32))
  if torch is not None:
    t = getattr(TF, f"avg_pool{n}d")(torch.from_numpy(x), 2,
                                     divisor_override=divisor).numpy()
    np.testing.assert_array_equal(np.signbit(y), np.signbit(t))


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_half_average_rounding_to_zero_is_plus_zero(n, schedule):
  """In float16, -6e-8 / 3 rounds to zero: PyTorch's result is +0."""
  x = np.zeros((1, 1) + (3,) * n, np.float16)
  x[(0, 0) + (0,) * n] = -6e-8
  fn = getattr(F, f"avg_pool{n}d")
  with jaxpool.schedule(schedule):
    y = np.asarray(fn(jnp.asarray(x), (3,) + (1,) * (n - 1),
                      channels_last=False))
  assert y.shape[2] == 1 and (y[0, 0, 0] == 0).all()
  assert not np.signbit(y).any()
  if torch is not None and n < 3:  # PyTorch has no float16 avg_pool3d
    t = getattr(TF, f"avg_pool{n}d")(torch.from_numpy(x),
                                     (3,) + (1,) * (n - 1))
    np.testing.assert_array_equal(np.signbit(y), np.signbit(t.numpy()))


# ---- LP pooling with infinite norms ------------------------------------------

def _lp_inf_reference(x, p, k, s, ceil):
  """PyTorch's lp_pool for p = +-inf: max_pool of |x| (of -|x|, negated)."""
  zero = [(0, 0)] * len(k)
  if p > 0:
    return oracle.max_pool(np.abs(x), k, s, zero, None, ceil)[0]
  return -oracle.max_pool(-np.abs(x), k, s, zero, None, ceil)[0]


# (n, channels-first shape, kernel, stride) with an input smaller than the
# kernel along a dim, which ceil_mode reaches: the case first.
SMALL = [
    (3, (1, 3, 1, 6, 2), (2, 1, 2), (3, 1, 3)),
    (3, (2, 2, 1, 3, 3), (2, 2, 2), None),
    (2, (1, 3, 1, 6), (2, 2), (3, 3)),
    (1, (1, 3, 1), (2,), (3,)),
]


@pytest.mark.parametrize("schedule", SCHEDULES)
@LAYOUTS
@pytest.mark.parametrize("p", [INF, -INF], ids=["inf", "-inf"])
@pytest.mark.parametrize("case", range(len(SMALL)))
def test_lp_pool_infinite_norm_skips_the_input_size_check(
    case, p, channels_last, schedule):
  n, shape, k, s = SMALL[case]
  rng = np.random.default_rng(case)
  x = rng.standard_normal(shape).astype(np.float32)
  x.reshape(-1)[:3] = [np.nan, -np.inf, -0.0]
  fn = getattr(F, f"lp_pool{n}d")
  kernel = k if n > 1 else k[0]
  stride = s if s is None or n > 1 else s[0]
  with jaxpool.schedule(schedule):
    y = fn(to_layout(x, channels_last), p, kernel, stride, ceil_mode=True,
           channels_last=channels_last)
  y = from_layout(y, channels_last)
  want = _lp_inf_reference(x, p, k, s or k, True)
  np.testing.assert_array_equal(y, want)
  if torch is not None:
    t = getattr(TF, f"lp_pool{n}d")(torch.from_numpy(x), p, kernel, stride,
                                    ceil_mode=True).numpy()
    np.testing.assert_array_equal(y, t)


def test_lp_pool3d_finite_norm_keeps_the_input_size_check():
  x = jnp.zeros((1, 3, 1, 6, 2))
  with pytest.raises(ValueError, match=r"lp_pool3d: input spatial size "
                     r"\(1, 6, 2\) is smaller than kernel_size"):
    F.lp_pool3d(x, 2.0, (2, 1, 2), (3, 1, 3), ceil_mode=True,
                channels_last=False)


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("p", [INF, -INF], ids=["inf", "-inf"])
def test_lp_pool_infinite_norm_takes_integers_in_2d_and_3d(n, p, schedule):
  """As PyTorch's max_pool2d/3d (max_pool1d has no integer kernel)."""
  x = np.random.default_rng(n).integers(-5, 6, (2, 3) + (5,) * n).astype(
      np.int32)
  fn = getattr(F, f"lp_pool{n}d")
  with jaxpool.schedule(schedule):
    y = fn(jnp.asarray(x), p, 2, channels_last=False)
  assert y.dtype == jnp.int32
  want = _lp_inf_reference(x, p, (2,) * n, (2,) * n, False)
  np.testing.assert_array_equal(y, want)
  if torch is not None:
    t = getattr(TF, f"lp_pool{n}d")(torch.from_numpy(x), p, 2).numpy()
    np.testing.assert_array_equal(y, t)


def test_lp_pool_integers_are_refused_elsewhere():
  xi = jnp.zeros((2, 3, 4), jnp.int32)
  with pytest.raises(TypeError, match="lp_pool1d: input dtype int32 is not "
                     "supported; expected a floating dtype"):
    F.lp_pool1d(xi, INF, 2)
  with pytest.raises(TypeError, match="lp_pool2d: input dtype int32"):
    F.lp_pool2d(jnp.zeros((2, 3, 4, 4), jnp.int32), 2.0, 2)
