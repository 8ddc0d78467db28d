"""F.dropout and F.dropout1d/2d/3d: PyTorch's semantics (scaling by
1/(1-p), whole channels, p = 0 and 1, eval identity, its error message),
checked by the masks' statistics: PyTorch's random stream is not
reproducible."""

import warnings

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.functional as F

KEY = jax.random.key(0)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_elementwise_rate_and_scale(p):
  y = np.asarray(F.dropout(jnp.ones(200_000), p, key=KEY))
  kept = y != 0
  np.testing.assert_allclose(y[kept], np.float32(1 / (1 - p)), rtol=0)
  # The zeroed fraction is p within 5 standard deviations.
  assert abs((~kept).mean() - p) < 5 * np.sqrt(p * (1 - p) / y.size)
  assert abs(y.mean() - 1) < 0.02  # the expectation is kept


def test_edges_eval_and_determinism():
  x = jnp.arange(1., 7.)
  np.testing.assert_array_equal(F.dropout(x, 0.0, key=KEY), x)
  np.testing.assert_array_equal(F.dropout(x, 1.0), jnp.zeros(6))
  np.testing.assert_array_equal(F.dropout(x, 0.5, training=False), x)
  np.testing.assert_array_equal(F.dropout(x, 0.5, key=KEY),
                                F.dropout(x, 0.5, key=KEY))
  np.testing.assert_array_equal(jax.jit(lambda x: F.dropout(x, 0.5, key=KEY))(x),
                                F.dropout(x, 0.5, key=KEY))
  g = jax.grad(lambda x: F.dropout(x, 0.5, key=KEY).sum())(x)
  np.testing.assert_array_equal(g, F.dropout(jnp.ones(6), 0.5, key=KEY))
  assert F.dropout(jnp.ones(3, jnp.bfloat16), 0.5, key=KEY).dtype == \
      jnp.bfloat16


# Not (2, unbatched): PyTorch takes a 3-d input to dropout2d as batched 1-d.
@pytest.mark.parametrize("n,batched", [(1, True), (1, False), (2, True),
                                       (3, True), (3, False)])
@pytest.mark.parametrize("channels_last", [True, False])
def test_channel_dropout_zeroes_whole_channels(n, channels_last, batched):
  fn = getattr(F, f"dropout{n}d")
  spatial = (3,) * n
  shape = ((8,) if batched else ()) + (
      spatial + (64,) if channels_last else (64,) + spatial)
  y = np.asarray(fn(jnp.ones(shape), 0.5, key=KEY,
                    channels_last=channels_last))
  axes = tuple(range(y.ndim - n - 1, y.ndim - 1)) if channels_last else \
      tuple(range(y.ndim - n, y.ndim))
  lo, hi = y.min(axis=axes), y.max(axis=axes)
  np.testing.assert_array_equal(lo, hi)  # one value per channel
  assert set(np.unique(lo)) <= {0.0, 2.0}
  assert 0.3 < (lo == 0).mean() < 0.7


def test_dropout2d_takes_a_3d_input_as_1d_with_a_warning():
  x = jnp.ones((4, 5, 16))  # (N, L, C)
  with pytest.warns(UserWarning, match=r"dropout2d: received a 3-D input"):
    y = F.dropout2d(x, 0.5, key=KEY)
  np.testing.assert_array_equal(y, F.dropout1d(x, 0.5, key=KEY))
  with warnings.catch_warnings():
    warnings.simplefilter("error")
    F.dropout2d(jnp.ones((4, 5, 5, 16)), 0.5, key=KEY)


def test_errors():
  with pytest.raises(ValueError, match=r"dropout: dropout probability has "
                     r"to be between 0 and 1, but got 1\.5"):
    F.dropout(jnp.ones(3), 1.5, key=KEY)
  with pytest.raises(ValueError, match=r"dropout: training=True with "
                     r"0 < p < 1 needs a key"):
    F.dropout(jnp.ones(3), 0.5)
  with pytest.raises(TypeError, match=r"dropout: p=True must be a real"):
    F.dropout(jnp.ones(3), True, key=KEY)
  with pytest.raises(TypeError, match=r"dropout: input has dtype int32"):
    F.dropout(jnp.ones(3, jnp.int32), 0.5, key=KEY)
  with pytest.raises(ValueError, match=r"dropout3d: input has shape "
                     r"\(2, 3\); expected rank 5 \(batched\) or 4"):
    F.dropout3d(jnp.ones((2, 3)), 0.5, key=KEY)


def test_matches_pytorchs_semantics():
  """Same zero/scale structure as PyTorch's for the same p (the masks
  differ: the streams do)."""
  torch = pytest.importorskip("torch")
  torch.manual_seed(0)
  for p in (0.25, 0.6):
    t = torch.nn.functional.dropout2d(torch.ones(8, 32, 3, 3), p).numpy()
    ours = np.asarray(F.dropout2d(jnp.ones((8, 32, 3, 3)), p, key=KEY,
                                  channels_last=False))
    assert set(np.unique(t)) == set(np.unique(ours)) or \
        set(np.unique(ours)) <= set(np.unique(t)) | {0.0}
    np.testing.assert_allclose(np.unique(ours[ours != 0]),
                               np.unique(t[t != 0]), rtol=0)
