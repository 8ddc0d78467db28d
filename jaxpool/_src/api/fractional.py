"""Public 2-d/3-d fractional max pooling.

Each function is written out per rank over the N-d entry point of
:mod:`jaxpool._src.pool.fractional`, with its docstring filled from one
template by :func:`jaxpool._src.core.docs.fill`.
"""

from __future__ import annotations

from typing import Literal, Optional, overload

import jax
from jax.typing import ArrayLike

from jaxpool._src.core import docs
from jaxpool._src.core.args import Indexed, IntOrSeq, MaybeIndexed
from jaxpool._src.pool import fractional as _fractional

RatioLike = _fractional.RatioLike


_DOC = """Applies {n}-d fractional max pooling, as ``torch.nn.functional.fractional_max_pool{n}d``.

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
    kernel_size: window size: an int or {n} ints.
    output_size: the output's spatial size: an int or {n} ints. Exactly one
      of ``output_size`` and ``output_ratio`` must be given.
    output_ratio: output size as a fraction of the input size: a number or
      {n} numbers in ``(0, 1)``; the output size is ``int(L * ratio)``.
    return_indices: also return the flat index of each max within its
      (sample, channel) plane ({index}), as int32 (int64 with jax x64), in the
      format of :func:`max_pool{n}d` (they feed :func:`max_unpool{n}d` with
      a matching ``output_size``).
    key: a ``jax.random`` key; the samples are then
      ``jax.random.uniform(key, (N, C, {n}), x.dtype)`` (``N = 1`` for
      unbatched input).
    samples: the samples instead of a key: shape ``(N, C, {n})`` in
      PyTorch's ``_random_samples`` order ({order}); cast to the input's
      dtype. Values should lie in ``[0, 1)``; windows are kept inside the
      input otherwise. Exactly one of ``key`` and ``samples``.
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for PyTorch's ``(N, C, {sp})``. The samples' layout is the same either
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
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``, or by ``int(L * ratio)``.
"""


_ORDER = {2: "sample 0 drives W, sample 1 drives H",
          3: "samples 0, 1, 2 drive D, H, W"}


# The overloads let type checkers tell values from (values, indices): a literal
# return_indices picks one, a plain bool gives the union.
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
    output_ratio: Optional[RatioLike] = None,
    *, return_indices: Literal[True], key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
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
    output_ratio: Optional[RatioLike] = None,
    return_indices: bool = False, *, key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _DOC, 2, """\
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
    (1, 2, 2, 1)""",
    order=_ORDER[2])
def fractional_max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None,
    return_indices: bool = False, *, key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
) -> MaybeIndexed:
  return _fractional.fractional_max_pool(
      "fractional_max_pool2d", 2, x, kernel_size, output_size, output_ratio,
      return_indices, key, samples, channels_last)


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
    output_ratio: Optional[RatioLike] = None,
    *, return_indices: Literal[True], key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
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
    output_ratio: Optional[RatioLike] = None,
    return_indices: bool = False, *, key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _DOC, 3, """\
    >>> x = jnp.ones((2, 8, 8, 8, 3))  # (N, D, H, W, C)
    >>> key = jax.random.key(0)
    >>> F.fractional_max_pool3d(x, 2, output_size=(4, 5, 6), key=key).shape
    (2, 4, 5, 6, 3)""",
    order=_ORDER[3])
def fractional_max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None,
    return_indices: bool = False, *, key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
) -> MaybeIndexed:
  return _fractional.fractional_max_pool(
      "fractional_max_pool3d", 3, x, kernel_size, output_size, output_ratio,
      return_indices, key, samples, channels_last)
