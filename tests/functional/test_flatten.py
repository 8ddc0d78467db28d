"""F.flatten against torch.flatten on PyTorch's layout, for every rank and
dim pair, in both layouts (NumPy's reshape of the channels-first array is the
reference where PyTorch is absent)."""

import itertools

import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.functional as F


def reference(x_cf, start, end):
  """torch.flatten of a channels-first array, by NumPy."""
  rank = max(x_cf.ndim, 1)
  start, end = start % rank, end % rank
  shape = x_cf.shape
  if not x_cf.ndim:
    return x_cf.reshape(1)
  return x_cf.reshape(shape[:start] + (int(np.prod(shape[start:end + 1])),)
                      + shape[end + 1:])


def to_cl(x_cf):
  return np.moveaxis(x_cf, 1, -1) if x_cf.ndim >= 3 else x_cf


def from_result(y, x_ndim, start, end):
  """Back to PyTorch's layout: the channels were moved last where they
  survived unflattened."""
  rank = max(x_ndim, 1)
  start, end = start % rank, end % rank
  if x_ndim >= 3 and not start <= 1 <= end and y.ndim >= 3:
    return np.moveaxis(y, -1, 1)
  return y


SHAPES = [(5,), (2, 3), (2, 3, 4), (2, 3, 4, 5), (1, 2, 3, 2, 2), (0, 3, 2)]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_dim_pair_in_both_layouts(shape):
  x_cf = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
  n = len(shape)
  for start, end in itertools.product(range(-n, n), repeat=2):
    if start % n > end % n:
      continue
    want = reference(x_cf, start, end)
    got_cf = F.flatten(jnp.asarray(x_cf), start, end, channels_last=False)
    np.testing.assert_array_equal(got_cf, want)
    got = F.flatten(jnp.asarray(to_cl(x_cf)), start, end)
    np.testing.assert_array_equal(
        from_result(np.asarray(got), n, start, end), want,
        err_msg=f"{shape} {start} {end}")


def test_feature_map_flattens_in_pytorchs_order():
  torch = pytest.importorskip("torch")
  x_cf = np.random.default_rng(0).standard_normal((2, 3, 4, 5)).astype(
      np.float32)
  want = torch.flatten(torch.tensor(x_cf), 1).numpy()
  np.testing.assert_array_equal(F.flatten(jnp.asarray(to_cl(x_cf)), 1), want)


def test_zero_dim_input_and_errors():
  assert F.flatten(jnp.float32(3.)).shape == (1,)
  with pytest.raises(ValueError, match=r"flatten: start_dim=3 is out of "
                     r"range for an input of rank 2"):
    F.flatten(jnp.ones((2, 3)), 3)
  with pytest.raises(ValueError, match=r"start_dim=1 comes after end_dim=0"):
    F.flatten(jnp.ones((2, 3)), 1, 0)
  with pytest.raises(TypeError, match=r"flatten: end_dim=1\.0 is not an int"):
    F.flatten(jnp.ones((2, 3)), 0, 1.0)
