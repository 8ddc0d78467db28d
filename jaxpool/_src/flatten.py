"""``F.flatten``: ``torch.flatten`` for channels-last feature maps.

A PyTorch model flattens ``(N, C, H, W)`` maps in ``(C, H, W)`` order, and
the ``Linear`` after it expects that order. A channels-last map ``(N, H, W,
C)`` flattened as it lies would give ``(H, W, C)`` order; here the dims are
PyTorch's (channels-first numbering) and the values come out in PyTorch's
order, whatever the layout.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args


def _dim(fn: str, name: str, dim, ndim: int) -> int:
  if not _args.is_int(dim):
    raise TypeError(f"{fn}: {name}={dim!r} is not an int.")
  rank = max(ndim, 1)  # PyTorch flattens a 0-d tensor to 1 element
  if not -rank <= dim < rank:
    raise ValueError(
        f"{fn}: {name}={dim} is out of range for an input of rank {ndim}; "
        f"expected -{rank} <= {name} < {rank}.")
  return dim % rank


def flatten(x: ArrayLike, start_dim: int = 0, end_dim: int = -1, *,
            channels_last: bool = True) -> jax.Array:
  """Flattens dims ``start_dim..end_dim``, as ``torch.flatten``, in PyTorch's
  order.

  The dims are PyTorch's: with ``channels_last`` (default) an input of rank
  >= 3 is read as ``(N, *spatial, C)``, PyTorch's ``(N, C, *spatial)``, so
  dim 1 is the channels. The flattened values come in PyTorch's order
  (channels slowest), and the result is laid out as PyTorch's would be, in
  channels-last form where the channel dim survives unflattened. Inputs of
  rank <= 2 (vectors ``(N, F)``) are the same in both layouts.

  Args:
    x: an array.
    start_dim: the first dim to flatten (PyTorch's numbering; default 0).
    end_dim: the last dim to flatten (inclusive; default -1).
    channels_last: ``True`` (default) for ``(N, *spatial, C)`` input,
      ``False`` for PyTorch's layout (then this is ``torch.flatten``).

  Returns:
    The flattened array, of ``x``'s dtype.

  Raises:
    ValueError: for a dim out of range, or ``start_dim`` after ``end_dim``
      (as PyTorch).
    TypeError: for a non-int dim.

  Shape:
    Input ``(N, *spatial, C)`` with ``channels_last``; output: PyTorch's
    ``torch.flatten`` of ``(N, C, *spatial)``, channels moved last if they
    are not flattened, e.g. ``(N, H, W, C)`` with ``start_dim=1`` gives
    ``(N, C * H * W)`` in ``(C, H, W)`` order.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2)  # (N, H, W, C)
    >>> F.flatten(x, 1)  # PyTorch's (C, H, W) order
    Array([[0., 2., 4., 6., 1., 3., 5., 7.]], dtype=float32)
    >>> F.flatten(x, 2).shape  # (N, H * W, C): the channels stay last
    (1, 4, 2)
  """
  fn = "flatten"
  x = _args.check_array(fn, x)
  start = _dim(fn, "start_dim", start_dim, x.ndim)
  end = _dim(fn, "end_dim", end_dim, x.ndim)
  if start > end:
    raise ValueError(f"{fn}: start_dim={start_dim} comes after "
                     f"end_dim={end_dim}; expected start_dim <= end_dim.")
  if x.ndim == 0:
    return x.reshape(1)
  moved = channels_last and x.ndim >= 3
  if moved:
    x = jnp.moveaxis(x, -1, 1)  # to PyTorch's layout
  merged = math.prod(x.shape[start:end + 1])  # exact with empty dims too
  y = x.reshape(x.shape[:start] + (merged,) + x.shape[end + 1:])
  if moved and not start <= 1 <= end:
    y = jnp.moveaxis(y, 1, -1)  # the channels survived: back to last
  return y
