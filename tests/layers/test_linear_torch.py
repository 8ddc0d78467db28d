"""PyTorch's default initialisation of Linear and Bilinear against
jaxpool's (distributions, live).

Skipped when PyTorch is not installed.
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.nn as jnn  # noqa: E402


def to_np(t):
  return t.detach().float().numpy()


def test_default_init_matches_pytorchs_distribution():
  torch.manual_seed(0)
  tl = torch.nn.Linear(64, 512)
  tb = torch.nn.Bilinear(16, 4, 256)
  p = jnn.Linear(64, 512).init(jax.random.key(0), jnp.ones((1, 64)))["params"]
  q = jnn.Bilinear(16, 4, 256).init(jax.random.key(0), jnp.ones((1, 16)),
                             jnp.ones((1, 4)))["params"]
  for ours, theirs, bound in [(p["weight"], tl.weight, 1 / 8),
                              (p["bias"], tl.bias, 1 / 8),
                              (q["weight"], tb.weight, 1 / 4),
                              (q["bias"], tb.bias, 1 / 4)]:
    ours, theirs = np.asarray(ours).ravel(), to_np(theirs).ravel()
    assert ours.shape == theirs.shape
    for a in (ours, theirs):
      assert np.abs(a).max() <= bound and np.abs(a).max() > 0.95 * bound
    if ours.size >= 10_000:  # the weights: enough samples for quantiles
      qs = [0.1, 0.25, 0.5, 0.75, 0.9]
      np.testing.assert_allclose(np.quantile(ours, qs),
                                 np.quantile(theirs, qs), atol=0.05 * bound)
