"""jaxpool quickstart: PyTorch's pooling semantics in JAX, channels-last.

Run: python examples/quickstart.py
"""

import flax.linen as nn
import jax
import jax.numpy as jnp

import jaxpool.functional as F
import jaxpool.nn as jnn

# Functional: (N, H, W, C) input; PyTorch's arguments, names and output sizes.
x = jax.random.normal(jax.random.key(0), (2, 9, 9, 3))
y, idx = F.max_pool2d(x, 3, stride=2, padding=1, dilation=2, ceil_mode=True,
                      return_indices=True)
print("max_pool2d:", x.shape, "->", y.shape, "indices", idx.dtype)
y, idx = F.max_pool2d(x, 3, 2, 1, return_indices=True)  # overlapping windows
print("max_unpool2d:", y.shape, "->", F.max_unpool2d(y, idx, 3, 2, 1).shape)
print("avg_pool2d(count_include_pad=False):",
      F.avg_pool2d(x, 2, padding=1, count_include_pad=False).shape)
print("grad through a dilated max pool:",
      jax.grad(lambda x: F.max_pool2d(x, 3, 1, 1, 2).sum())(x).shape)


class SegNetBlock(nn.Module):
  """Pool with indices, then unpool to the same size: Modules in nn.compact."""

  @nn.compact
  def __call__(self, x):
    x = nn.relu(nn.Conv(8, (3, 3))(x))
    pooled, indices = jnn.MaxPool2d(2, return_indices=True)(x)
    pooled = jnn.AvgPool2d(3, stride=1, padding=1)(pooled)
    return jnn.MaxUnpool2d(2)(pooled, indices, output_size=x.shape[1:3])


model = SegNetBlock()
params = model.init(jax.random.key(1), x)
out = jax.jit(model.apply)(params, x)
print("SegNetBlock:", x.shape, "->", out.shape)
assert out.shape == (2, 9, 9, 8)
