"""Public max_unpool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/max_unpool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional, Sequence

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.pool import unpool as _unpool


def max_unpool1d(
    x: ArrayLike, indices: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: IntOrSeq = 0,
    output_size: Optional[Sequence[int]] = None, *, channels_last: bool = True,
    check_indices: bool = False,
) -> jax.Array:
  """Inverts :func:`max_pool1d`, as ``torch.nn.functional.max_unpool1d``.

  Scatters each value of ``x`` to position ``indices`` of its (sample,
  channel) plane of a zero output; everything else is 0. Gradients flow back
  by gathering at the same indices, under ``jit`` too.

  Args:
    x: the pooled values (see Shape).
    indices: integer array of ``x``'s shape: flat plane indices (``w``), as
      returned by ``max_pool1d(..., return_indices=True)``.
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: the padding the pooling used: an int, 1 ints or 1 ``(lo, hi)``
      pairs.
    output_size: the spatial output size (1 ints), or the full output shape
      in the layout in use; default ``(in - 1) * stride + kernel_size -
      pad_lo - pad_hi`` per dimension. Each spatial entry must lie strictly
      between ``default - stride`` and ``default + stride``, so that the
      sizes a strided pooling loses can be restored.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Returns:
    The unpooled array, in ``x``'s dtype.

  Raises:
    ValueError: on a shape mismatch between ``x`` and ``indices``, an invalid
      ``output_size``, and, when ``indices`` is concrete (eager call), any
      index outside ``[0, prod(output spatial size))``, as PyTorch.
    TypeError: for non-integer ``indices`` or invalid argument types.

  Out-of-range indices under ``jit`` cannot raise: they are dropped (their
  values do not appear in the output and receive zero gradient), unless
  ``check_indices=True`` under ``checkify``. Duplicate indices (overlapping
  pooling windows) write the same input element's value, so which write wins
  does not matter for indices from :func:`max_pool1d`; for arbitrary
  duplicates the winner is unspecified, as in PyTorch.

  Shape:
    ``x``: ``(N, L, C)`` or ``(L, C)`` when ``channels_last``, else
    ``(N, C, L)`` or ``(C, L)``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [3.], [2.], [5.]]])
    >>> values, indices = F.max_pool1d(x, 2, return_indices=True)
    >>> F.max_unpool1d(values, indices, 2)[..., 0]
    Array([[0., 3., 0., 5.]], dtype=float32)
  """
  return _unpool.max_unpool("max_unpool1d", 1, x, indices, kernel_size, stride,
                            padding, output_size, channels_last, check_indices)


def max_unpool2d(
    x: ArrayLike, indices: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: IntOrSeq = 0,
    output_size: Optional[Sequence[int]] = None, *, channels_last: bool = True,
    check_indices: bool = False,
) -> jax.Array:
  """Inverts :func:`max_pool2d`, as ``torch.nn.functional.max_unpool2d``.

  Scatters each value of ``x`` to position ``indices`` of its (sample,
  channel) plane of a zero output; everything else is 0. Gradients flow back
  by gathering at the same indices, under ``jit`` too.

  Args:
    x: the pooled values (see Shape).
    indices: integer array of ``x``'s shape: flat plane indices (``h * W +
      w``), as returned by ``max_pool2d(..., return_indices=True)``.
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: the padding the pooling used: an int, 2 ints or 2 ``(lo, hi)``
      pairs.
    output_size: the spatial output size (2 ints), or the full output shape
      in the layout in use; default ``(in - 1) * stride + kernel_size -
      pad_lo - pad_hi`` per dimension. Each spatial entry must lie strictly
      between ``default - stride`` and ``default + stride``, so that the
      sizes a strided pooling loses can be restored.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Returns:
    The unpooled array, in ``x``'s dtype.

  Raises:
    ValueError: on a shape mismatch between ``x`` and ``indices``, an invalid
      ``output_size``, and, when ``indices`` is concrete (eager call), any
      index outside ``[0, prod(output spatial size))``, as PyTorch.
    TypeError: for non-integer ``indices`` or invalid argument types.

  Out-of-range indices under ``jit`` cannot raise: they are dropped (their
  values do not appear in the output and receive zero gradient), unless
  ``check_indices=True`` under ``checkify``. Duplicate indices (overlapping
  pooling windows) write the same input element's value, so which write wins
  does not matter for indices from :func:`max_pool2d`; for arbitrary
  duplicates the winner is unspecified, as in PyTorch.

  Shape:
    ``x``: ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last``, else
    ``(N, C, H, W)`` or ``(C, H, W)``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> values, indices = F.max_pool2d(x, 2, return_indices=True)
    >>> F.max_unpool2d(values, indices, 2)[0, :, :, 0]
    Array([[ 0.,  0.,  0.,  0.],
           [ 0.,  5.,  0.,  7.],
           [ 0.,  0.,  0.,  0.],
           [ 0., 13.,  0., 15.]], dtype=float32)
    >>> F.max_unpool2d(values, indices, 2, output_size=(5, 5)).shape
    (1, 5, 5, 1)
  """
  return _unpool.max_unpool("max_unpool2d", 2, x, indices, kernel_size, stride,
                            padding, output_size, channels_last, check_indices)


def max_unpool3d(
    x: ArrayLike, indices: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: IntOrSeq = 0,
    output_size: Optional[Sequence[int]] = None, *, channels_last: bool = True,
    check_indices: bool = False,
) -> jax.Array:
  """Inverts :func:`max_pool3d`, as ``torch.nn.functional.max_unpool3d``.

  Scatters each value of ``x`` to position ``indices`` of its (sample,
  channel) plane of a zero output; everything else is 0. Gradients flow back
  by gathering at the same indices, under ``jit`` too.

  Args:
    x: the pooled values (see Shape).
    indices: integer array of ``x``'s shape: flat plane indices (``d * H * W +
      h * W + w``), as returned by ``max_pool3d(..., return_indices=True)``.
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: the padding the pooling used: an int, 3 ints or 3 ``(lo, hi)``
      pairs.
    output_size: the spatial output size (3 ints), or the full output shape
      in the layout in use; default ``(in - 1) * stride + kernel_size -
      pad_lo - pad_hi`` per dimension. Each spatial entry must lie strictly
      between ``default - stride`` and ``default + stride``, so that the
      sizes a strided pooling loses can be restored.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Returns:
    The unpooled array, in ``x``'s dtype.

  Raises:
    ValueError: on a shape mismatch between ``x`` and ``indices``, an invalid
      ``output_size``, and, when ``indices`` is concrete (eager call), any
      index outside ``[0, prod(output spatial size))``, as PyTorch.
    TypeError: for non-integer ``indices`` or invalid argument types.

  Out-of-range indices under ``jit`` cannot raise: they are dropped (their
  values do not appear in the output and receive zero gradient), unless
  ``check_indices=True`` under ``checkify``. Duplicate indices (overlapping
  pooling windows) write the same input element's value, so which write wins
  does not matter for indices from :func:`max_pool3d`; for arbitrary
  duplicates the winner is unspecified, as in PyTorch.

  Shape:
    ``x``: ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last``, else
    ``(N, C, D, H, W)`` or ``(C, D, H, W)``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = F.max_pool3d(x, 2, return_indices=True)
    >>> F.max_unpool3d(values, indices, 2).ravel()
    Array([0., 0., 0., 0., 0., 0., 0., 7.], dtype=float32)
  """
  return _unpool.max_unpool("max_unpool3d", 3, x, indices, kernel_size, stride,
                            padding, output_size, channels_last, check_indices)
