"""Flatten as a Module, defined once (see :mod:`jaxpool._src.layers.base` and
:mod:`jaxpool._src.flatten`)."""

from __future__ import annotations

import jax
from jax.typing import ArrayLike

from jaxpool._src.flatten import flatten
from jaxpool._src.layers.base import Layer


class Flatten(Layer):
  """Flattens dims ``start_dim..end_dim``, as ``torch.nn.Flatten``.

  Applies :func:`jaxpool.functional.flatten`: PyTorch's dims and PyTorch's
  order of the values, so a channels-last ``(N, H, W, C)`` map flattens in
  ``(C, H, W)`` order, as the ``Linear`` after it in a PyTorch model
  expects.

  Args:
    start_dim: the first dim to flatten (PyTorch's numbering; default 1,
      keeping the batch dim).
    end_dim: the last dim to flatten (inclusive; default -1).

  Shape:
    Input ``(N, *spatial, C)`` with ``channels_last``; output ``(N, C *
    prod(spatial))`` with the defaults (see the function for other dims).
  """
  public_name = "Flatten"
  function = flatten
  examples = {0: """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2)  # (N, H, W, C)
    >>> jnn.Flatten().apply({}, x)  # PyTorch's (C, H, W) order
    Array([[0., 2., 4., 6., 1., 3., 5., 7.]], dtype=float32)"""}

  start_dim: int = 1
  end_dim: int = -1
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return flatten(x, self.start_dim, self.end_dim,
                   channels_last=self.channels_last)
