"""Integer average pooling against PyTorch 2.13 (CPU), whose
``avg_pool{1,2,3}d`` take int64 (and no other integer dtype): the window sum
divided by the divisor, truncating toward zero, in int64 (wrapping on
overflow). jaxpool matches it exactly under ``jax_enable_x64`` (JAX has no
int64 without it), on the configurations of test_pooling_torch.py's
average grid, in both layouts. Also: the integer dtypes both reject, and
``lp_pool`` of int64, a deliberate difference (docs/porting.md).

Skipped when PyTorch is not installed.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.functional as F  # noqa: E402
import jaxpool.nn as jnn  # noqa: E402
from tests.functional.test_pooling_torch import AVG_GRID  # noqa: E402
from tests.functional.test_pooling_torch import _AVG_IDS  # noqa: E402
from tests.functional.test_pooling_torch import _avg_call  # noqa: E402
from tests.functional.test_pooling_torch import _layout  # noqa: E402
from tests.functional.test_pooling_torch import _seed  # noqa: E402
from tests.functional.test_pooling_torch import _torch_avg  # noqa: E402
from tests.functional.test_pooling_torch import _unlayout  # noqa: E402

TF = torch.nn.functional


@pytest.mark.parametrize("channels_last", [False, True], ids=["NC", "NHWC"])
@pytest.mark.parametrize("cfg", AVG_GRID, ids=_AVG_IDS)
def test_int64_avg_pool_matches_torch(cfg, channels_last):
  rng = np.random.default_rng(_seed("avg-int64", _AVG_IDS[
      AVG_GRID.index(cfg)]))
  x = rng.integers(-50, 50, size=cfg["shape"], dtype=np.int64)
  want = _torch_avg(cfg)(torch.tensor(x))
  assert want.dtype == torch.int64
  with jax.enable_x64(True):
    call = _avg_call(cfg, channels_last)
    got = jax.jit(lambda a: call(a))(jnp.asarray(_layout(x, channels_last)))
    assert got.dtype == jnp.int64
    np.testing.assert_array_equal(_unlayout(got, channels_last),
                                  want.numpy())


def test_int64_avg_pool_truncates_wraps_and_takes_either_memory_format():
  x = np.array([[[-7, -2, 3, 4, 5, -6, 7]]], np.int64)
  with jax.enable_x64(True):
    for kwargs in (dict(kernel_size=2), dict(kernel_size=3, stride=1,
                                             padding=1),
                   dict(kernel_size=3, stride=1, padding=1,
                        count_include_pad=False),
                   dict(kernel_size=2, ceil_mode=True)):
      want = TF.avg_pool1d(torch.tensor(x), **kwargs).numpy()
      got = F.avg_pool1d(x, channels_last=False, **kwargs)
      np.testing.assert_array_equal(got, want)
    # -9 / 2 = -4.5 truncates to -4, 7 / 2 to 3, -1 / 2 to 0.
    np.testing.assert_array_equal(
        F.avg_pool1d(x, 2, channels_last=False), [[[-4, 3, 0]]])
    # Sums wrap as PyTorch's int64 do: 2**62 + 2**62 = -2**63, / 2.
    big = np.full((1, 1, 2, 2), 2 ** 62, np.int64)
    for divisor_override in (None, -3):
      want = TF.avg_pool2d(torch.tensor(big), (1, 2),
                           divisor_override=divisor_override).numpy()
      got = F.avg_pool2d(big, (1, 2), divisor_override=divisor_override,
                         channels_last=False)
      np.testing.assert_array_equal(got, want)
    assert int(np.asarray(got).ravel()[0]) == (-2 ** 63) // -3  # trunc > 0
    # PyTorch's channels_last memory format runs another kernel: the same.
    img = np.random.default_rng(0).integers(-9, 9, (2, 3, 5, 4), np.int64)
    t = torch.tensor(img).contiguous(memory_format=torch.channels_last)
    want = TF.avg_pool2d(t, 3, 2, 1, ceil_mode=True).numpy()
    got = F.avg_pool2d(img.transpose(0, 2, 3, 1), 3, 2, 1, ceil_mode=True)
    np.testing.assert_array_equal(np.moveaxis(np.asarray(got), -1, 1), want)
    # The Module too.
    m = jnn.AvgPool2d(3, 2, 1, ceil_mode=True)
    np.testing.assert_array_equal(
        np.moveaxis(np.asarray(m.apply({}, img.transpose(0, 2, 3, 1))), -1,
                    1), want)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "int32", "bool"])
def test_other_integer_dtypes_are_rejected_by_both(dtype):
  x = np.ones((1, 1, 4, 4), dtype)
  with pytest.raises((RuntimeError, NotImplementedError)):
    TF.avg_pool2d(torch.tensor(x), 2)
  with jax.enable_x64(True), pytest.raises(
      TypeError, match=rf"avg_pool2d: input dtype {dtype} is not supported; "
      r"expected a floating dtype or int64 \(PyTorch's CPU kernel"):
    F.avg_pool2d(x, 2, channels_last=False)


def test_int64_without_x64_is_int32_and_the_error_says_what_to_enable():
  with jax.enable_x64(False), pytest.raises(
      TypeError, match=r"input dtype int32 is not supported; .*int64 needs "
      r"jax_enable_x64"):
    F.avg_pool1d(np.ones((1, 1, 4), np.int64), 2, channels_last=False)


def test_int64_lp_pool_is_a_documented_difference():
  """PyTorch's lp_pool of int64 averages x ** p in int64, truncating (the
  root of 24, not 25, for [3, 4]), and returns float32; jaxpool takes
  floating inputs only (docs/porting.md, deliberate differences)."""
  x = np.array([[[3, 4]]], np.int64)
  want = TF.lp_pool1d(torch.tensor(x), 2, 2)
  assert want.dtype == torch.float32
  np.testing.assert_allclose(want.numpy(), [[[np.sqrt(24.0)]]], rtol=1e-6)
  with jax.enable_x64(True), pytest.raises(TypeError, match="lp_pool1d: "
                                           "input dtype int64"):
    F.lp_pool1d(x, 2, 2, channels_last=False)
