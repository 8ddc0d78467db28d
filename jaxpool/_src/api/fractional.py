"""Public fractional functions, written by tools/generate_layers.py from
jaxpool/_src/layers/fractional.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Literal, Optional, overload

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import Indexed, IntOrSeq, MaybeIndexed
from jaxpool._src.pool.fractional import RatioLike
from jaxpool._src.pool import fractional as _fractional


@overload
def fractional_max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None,
    return_indices: Literal[False] = False, *, key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
) -> jax.Array: ...
@overload
def fractional_max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None, *, return_indices: Literal[True],
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> Indexed: ...
@overload
def fractional_max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, output_size: Optional[IntOrSeq],
    output_ratio: Optional[RatioLike], return_indices: Literal[True], *,
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> Indexed: ...
@overload
def fractional_max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None, return_indices: bool = False, *,
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> MaybeIndexed: ...
def fractional_max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None, return_indices: bool = False, *,
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 2-d fractional max pooling, as ``torch.nn.functional.fractional_max_pool2d``.

  Graham (2014), "Fractional Max-Pooling", with PyTorch's pseudo-random
  interval generation: each (sample, channel) plane draws ``u`` in ``[0, 1)``
  per spatial dimension, and window ``i`` of a dimension of input length
  ``L``, output length ``out`` and kernel ``k`` starts at
  ``int((i + u) * alpha) - int(u * alpha)`` with ``alpha = (L - k) / (out -
  1)``, computed in the input's dtype; the last window starts at ``L - k``.
  Given the same samples as PyTorch's ``_random_samples``, values and indices
  equal PyTorch's.

  Args:
    x: the input (see Shape); a floating dtype.
    kernel_size: window size: an int or 2 ints.
    output_size: the output's spatial size: an int or 2 ints. Exactly one
      of ``output_size`` and ``output_ratio`` must be given.
    output_ratio: output size as a fraction of the input size: a number or
      2 numbers in ``(0, 1)``; the output size is ``int(L * ratio)``.
    return_indices: also return the flat index of each max within its (sample,
      channel) plane (``h * W + w``), as int32 (int64 with jax x64), in the
      format of :func:`max_pool2d` (they feed :func:`max_unpool2d` with a
      matching ``output_size``).
    key: a ``jax.random`` key; the samples are then
      ``jax.random.uniform(key, (N, C, 2), x.dtype)`` (``N = 1`` for
      unbatched input).
    samples: the samples instead of a key: shape ``(N, C, 2)`` in PyTorch's
      ``_random_samples`` order (sample 0 drives W, sample 1 drives H); cast to
      the input's dtype. Values should lie in ``[0, 1)``; windows are kept
      inside the input otherwise. Exactly one of ``key`` and ``samples``.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The samples' layout is the same either
      way.

  Returns:
    The pooled array, in the input's dtype; with ``return_indices``, the pair
    ``(values, indices)``.

  Raises:
    ValueError: unless exactly one of ``output_size``/``output_ratio`` and
      exactly one of ``key``/``samples`` is given; for a ratio outside
      ``(0, 1)``, a non-positive size, an output of size 0, a kernel with
      ``output + kernel - 1 > input`` in some dimension (``>= input`` in 3-d,
      as PyTorch), a samples array of the wrong shape, or the wrong input
      rank.
    TypeError: for non-int sizes, non-numeric ratios, or non-floating input
      or samples.

  Ties go to the first max in row-major window order; a NaN in a window
  propagates and its index is the window's last NaN. Gradients go to the
  element at the index (none flow to the samples).

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``, or by ``int(L * ratio)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(25.).reshape(1, 5, 5, 1)  # (N, H, W, C)
    >>> samples = jnp.array([[[0.5, 0.5]]])  # (N, C, 2): width, height
    >>> y, idx = F.fractional_max_pool2d(x, 2, output_size=3,
    ...                                  return_indices=True, samples=samples)
    >>> idx[0, :, :, 0]
    Array([[ 6,  8,  9],
           [16, 18, 19],
           [21, 23, 24]], dtype=int32)
    >>> key = jax.random.key(0)
    >>> F.fractional_max_pool2d(x, 2, output_ratio=0.5, key=key).shape
    (1, 2, 2, 1)
  """
  return _fractional.fractional_max_pool("fractional_max_pool2d", 2, x,
                                         kernel_size, output_size,
                                         output_ratio, return_indices, key,
                                         samples, channels_last)


@overload
def fractional_max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None,
    return_indices: Literal[False] = False, *, key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
) -> jax.Array: ...
@overload
def fractional_max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None, *, return_indices: Literal[True],
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> Indexed: ...
@overload
def fractional_max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, output_size: Optional[IntOrSeq],
    output_ratio: Optional[RatioLike], return_indices: Literal[True], *,
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> Indexed: ...
@overload
def fractional_max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None, return_indices: bool = False, *,
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> MaybeIndexed: ...
def fractional_max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None, return_indices: bool = False, *,
    key: Optional[jax.Array] = None, samples: Optional[ArrayLike] = None,
    channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 3-d fractional max pooling, as ``torch.nn.functional.fractional_max_pool3d``.

  Graham (2014), "Fractional Max-Pooling", with PyTorch's pseudo-random
  interval generation: each (sample, channel) plane draws ``u`` in ``[0, 1)``
  per spatial dimension, and window ``i`` of a dimension of input length
  ``L``, output length ``out`` and kernel ``k`` starts at
  ``int((i + u) * alpha) - int(u * alpha)`` with ``alpha = (L - k) / (out -
  1)``, computed in the input's dtype; the last window starts at ``L - k``.
  Given the same samples as PyTorch's ``_random_samples``, values and indices
  equal PyTorch's.

  Args:
    x: the input (see Shape); a floating dtype.
    kernel_size: window size: an int or 3 ints.
    output_size: the output's spatial size: an int or 3 ints. Exactly one
      of ``output_size`` and ``output_ratio`` must be given.
    output_ratio: output size as a fraction of the input size: a number or
      3 numbers in ``(0, 1)``; the output size is ``int(L * ratio)``.
    return_indices: also return the flat index of each max within its (sample,
      channel) plane (``d * H * W + h * W + w``), as int32 (int64 with jax
      x64), in the format of :func:`max_pool3d` (they feed :func:`max_unpool3d`
      with a matching ``output_size``).
    key: a ``jax.random`` key; the samples are then
      ``jax.random.uniform(key, (N, C, 3), x.dtype)`` (``N = 1`` for
      unbatched input).
    samples: the samples instead of a key: shape ``(N, C, 3)`` in PyTorch's
      ``_random_samples`` order (samples 0, 1, 2 drive D, H, W); cast to the
      input's dtype. Values should lie in ``[0, 1)``; windows are kept inside
      the input otherwise. Exactly one of ``key`` and ``samples``.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The samples' layout is the same either
      way.

  Returns:
    The pooled array, in the input's dtype; with ``return_indices``, the pair
    ``(values, indices)``.

  Raises:
    ValueError: unless exactly one of ``output_size``/``output_ratio`` and
      exactly one of ``key``/``samples`` is given; for a ratio outside
      ``(0, 1)``, a non-positive size, an output of size 0, a kernel with
      ``output + kernel - 1 > input`` in some dimension (``>= input`` in 3-d,
      as PyTorch), a samples array of the wrong shape, or the wrong input
      rank.
    TypeError: for non-int sizes, non-numeric ratios, or non-floating input
      or samples.

  Ties go to the first max in row-major window order; a NaN in a window
  propagates and its index is the window's last NaN. Gradients go to the
  element at the index (none flow to the samples).

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``, or by ``int(L * ratio)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 8, 8, 8, 3))  # (N, D, H, W, C)
    >>> key = jax.random.key(0)
    >>> F.fractional_max_pool3d(x, 2, output_size=(4, 5, 6), key=key).shape
    (2, 4, 5, 6, 3)
  """
  return _fractional.fractional_max_pool("fractional_max_pool3d", 3, x,
                                         kernel_size, output_size,
                                         output_ratio, return_indices, key,
                                         samples, channels_last)
