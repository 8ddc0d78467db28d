"""Dropout, Dropout1d/2d/3d as Modules in training mode: the function's mask
for the key given to the call, Flax's streams otherwise, and a new mask per
call (their eval mode, the identity, is in test_layers.py)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx

import jaxpool.functional as F
import jaxpool.nn as jnn
import jaxpool.nnx as jnnx

KEY = jax.random.key(3)
LAYERS = [("Dropout", (6, 40), lambda x: F.dropout(x, 0.4, key=KEY)),
          ("Dropout1d", (4, 5, 32), lambda x: F.dropout1d(x, 0.4, key=KEY)),
          ("Dropout2d", (4, 5, 5, 32),
           lambda x: F.dropout2d(x, 0.4, key=KEY)),
          ("Dropout3d", (2, 3, 3, 3, 32),
           lambda x: F.dropout3d(x, 0.4, key=KEY))]


@pytest.mark.parametrize("name,shape,reference", LAYERS)
def test_a_calls_key_gives_the_functions_mask(name, shape, reference):
  x = jnp.ones(shape)
  want = reference(x)
  linen = getattr(jnn, name)(0.4).apply({}, x, deterministic=False, rng=KEY)
  ours = getattr(jnnx, name)(0.4, deterministic=False)(x, rngs=KEY)
  np.testing.assert_array_equal(linen, want)
  np.testing.assert_array_equal(ours, want)


@pytest.mark.parametrize("name,shape,reference", LAYERS)
def test_streams_draw_a_new_mask_per_call(name, shape, reference):
  x = jnp.ones(shape)
  m = getattr(jnn, name)(0.4, deterministic=False)
  a = m.apply({}, x, rngs={"dropout": jax.random.key(0)})
  b = m.apply({}, x, rngs={"dropout": jax.random.key(1)})
  assert not np.array_equal(a, b)
  model = getattr(jnnx, name)(0.4, rngs=nnx.Rngs(dropout=0))
  model.train()
  a, b = model(x), model(x)
  assert not np.array_equal(a, b)
  assert set(np.unique(a)) <= {0.0, np.float32(1 / 0.6)}
  model.eval()
  np.testing.assert_array_equal(model(x), x)


def test_errors():
  with pytest.raises(ValueError, match=r"Dropout: dropout probability has "
                     r"to be between 0 and 1, but got 2\.0"):
    jnn.Dropout(2.0)
  with pytest.raises(ValueError, match=r"Dropout2d: deterministic is None"):
    jnnx.Dropout2d(0.5, rngs=nnx.Rngs(0))(jnp.ones((1, 2, 2, 3)))
  with pytest.raises(ValueError, match=r"Dropout: needs random numbers but "
                     r"has no rngs"):
    jnnx.Dropout(0.5, deterministic=False)(jnp.ones(3))
  # No key needed where nothing is drawn.
  np.testing.assert_array_equal(
      jnnx.Dropout(0.0, deterministic=False)(jnp.ones(3)), jnp.ones(3))
