"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/flatten.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

from flax import nnx
import jax
from jax.typing import ArrayLike

from jaxpool._src.layers import flatten as _definitions
from jaxpool._src.nnx.base import Layer


class Flatten(Layer, _definitions.Flatten):
  """Flattens dims ``start_dim..end_dim``, as ``torch.nn.Flatten``.

  Applies :func:`jaxpool.functional.flatten`: PyTorch's dims and PyTorch's
  order of the values, so a channels-last ``(N, H, W, C)`` map flattens in
  ``(C, H, W)`` order, as the ``Linear`` after it in a PyTorch model
  expects.

  Args:
    start_dim: the first dim to flatten (PyTorch's numbering; default 1,
      keeping the batch dim).
    end_dim: the last dim to flatten (inclusive; default -1).
    channels_last: ``True`` (default) for ``(N, *spatial, C)`` input,
      ``False`` for PyTorch's layout (then this is ``torch.flatten``).

  Shape:
    Input ``(N, *spatial, C)`` with ``channels_last``; output ``(N, C *
    prod(spatial))`` with the defaults (see the function for other dims).

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2)  # (N, H, W, C)
    >>> jnnx.Flatten()(x)  # PyTorch's (C, H, W) order
    Array([[0., 2., 4., 6., 1., 3., 5., 7.]], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(
      self, start_dim: int = 1, end_dim: int = -1, channels_last: bool = True,
  ) -> None:
    self.start_dim = start_dim
    self.end_dim = end_dim
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
