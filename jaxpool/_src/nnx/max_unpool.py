"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/max_unpool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional, Sequence

from flax import nnx
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import max_unpool as _definitions
from jaxpool._src.nnx.base import Layer


class MaxUnpool1d(Layer, _definitions.MaxUnpool):
  """1-d max unpooling, as ``torch.nn.MaxUnpool1d``: partial application of :func:`jaxpool.functional.max_unpool1d`.

  Called as ``m(x, indices, output_size=None)``, as PyTorch's Module.

  Args:
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: the padding the pooling used: an int, 1 ints or 1 ``(lo, hi)``
      pairs.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Shape:
    ``x``: ``(N, L, C)`` or ``(L, C)`` when ``channels_last``, else
    ``(N, C, L)`` or ``(C, L)``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.array([[[1.], [3.], [2.], [5.]]])
    >>> values, indices = jnnx.MaxPool1d(2, return_indices=True)(x)
    >>> jnnx.MaxUnpool1d(2)(values, indices)[..., 0]
    Array([[0., 3., 0., 5.]], dtype=float32)
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      padding: IntOrSeq = 0, channels_last: bool = True,
      check_indices: bool = False,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.channels_last = channels_last
    self.check_indices = check_indices
    self.start()

  def __call__(
      self, x: ArrayLike, indices: ArrayLike,
      output_size: Optional[Sequence[int]] = None,
  ) -> jax.Array:
    return self.forward(x, indices, output_size)


class MaxUnpool2d(Layer, _definitions.MaxUnpool):
  """2-d max unpooling, as ``torch.nn.MaxUnpool2d``: partial application of :func:`jaxpool.functional.max_unpool2d`.

  Called as ``m(x, indices, output_size=None)``, as PyTorch's Module.

  Args:
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: the padding the pooling used: an int, 2 ints or 2 ``(lo, hi)``
      pairs.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Shape:
    ``x``: ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last``, else
    ``(N, C, H, W)`` or ``(C, H, W)``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> values, indices = jnnx.MaxPool2d(2, return_indices=True)(x)
    >>> jnnx.MaxUnpool2d(2)(values, indices, output_size=(5, 5)).shape
    (1, 5, 5, 1)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      padding: IntOrSeq = 0, channels_last: bool = True,
      check_indices: bool = False,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.channels_last = channels_last
    self.check_indices = check_indices
    self.start()

  def __call__(
      self, x: ArrayLike, indices: ArrayLike,
      output_size: Optional[Sequence[int]] = None,
  ) -> jax.Array:
    return self.forward(x, indices, output_size)


class MaxUnpool3d(Layer, _definitions.MaxUnpool):
  """3-d max unpooling, as ``torch.nn.MaxUnpool3d``: partial application of :func:`jaxpool.functional.max_unpool3d`.

  Called as ``m(x, indices, output_size=None)``, as PyTorch's Module.

  Args:
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: the padding the pooling used: an int, 3 ints or 3 ``(lo, hi)``
      pairs.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Shape:
    ``x``: ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last``, else
    ``(N, C, D, H, W)`` or ``(C, D, H, W)``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = jnnx.MaxPool3d(2, return_indices=True)(x)
    >>> jnnx.MaxUnpool3d(2)(values, indices).shape
    (1, 2, 2, 2, 1)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      padding: IntOrSeq = 0, channels_last: bool = True,
      check_indices: bool = False,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.channels_last = channels_last
    self.check_indices = check_indices
    self.start()

  def __call__(
      self, x: ArrayLike, indices: ArrayLike,
      output_size: Optional[Sequence[int]] = None,
  ) -> jax.Array:
    return self.forward(x, indices, output_size)
