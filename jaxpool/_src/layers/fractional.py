"""Fractional max pooling, defined once: ``fractional_max_pool{n}d`` and
``FractionalMaxPool{n}d`` (see :mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import Indexed, IntOrSeq, MaybeIndexed
from jaxpool._src.core.args import ValuesOrIndexed
from jaxpool._src.layers.base import Random, Randomness
from jaxpool._src.layers.templates import Overload, per_rank
from jaxpool._src.pool.fractional import RatioLike
from jaxpool._src.pool.fractional import fractional_max_pool as fractional_nd


@per_rank(
    "fractional_max_pool{n}d", (2, 3), core=fractional_nd,
    overload=Overload("return_indices", "jax.Array", "Indexed"),
    rank_fields={2: {"order": "sample 0 drives W, sample 1 drives H"},
                 3: {"order": "samples 0, 1, 2 drive D, H, W"}},
    examples={2: """\
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
    (1, 2, 2, 1)""", 3: """\
    >>> x = jnp.ones((2, 8, 8, 8, 3))  # (N, D, H, W, C)
    >>> key = jax.random.key(0)
    >>> F.fractional_max_pool3d(x, 2, output_size=(4, 5, 6), key=key).shape
    (2, 4, 5, 6, 3)"""})
def fractional_max_pool(
    x: ArrayLike, kernel_size: IntOrSeq,
    output_size: Optional[IntOrSeq] = None,
    output_ratio: Optional[RatioLike] = None,
    return_indices: bool = False, *, key: Optional[jax.Array] = None,
    samples: Optional[ArrayLike] = None, channels_last: bool = True,
) -> MaybeIndexed:
  """Applies {n}-d fractional max pooling, as ``torch.nn.functional.fractional_max_pool{n}d``.

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
  ...


class FractionalMaxPool(Random):
  """{n}-d fractional max pooling, as ``torch.nn.FractionalMaxPool{n}d``.

  Partial application of :func:`jaxpool.functional.fractional_max_pool{n}d`.
  Each call draws its samples, or uses ``samples`` when given (PyTorch's
  ``_random_samples``, shape ``(N, C, {n})``). As in PyTorch, the pooling is
  random in training and in eval mode alike, so there is no
  ``deterministic``. Exactly one of ``output_size`` and ``output_ratio``.

  Args:
    rng_collection: the stream of the samples (default ``"fractional"``).
  """
  public_name = "FractionalMaxPool{n}d"
  function = fractional_max_pool
  ranks = (2, 3)
  examples = {2: {"nn": """\
    >>> x = jnp.ones((4, 32, 32, 16))
    >>> pool = jnn.FractionalMaxPool2d(3, output_ratio=0.7)
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (4, 22, 22, 16)""", "nnx": """\
    >>> x = jnp.ones((4, 32, 32, 16))
    >>> pool = jnnx.FractionalMaxPool2d(3, output_ratio=0.7, rngs=nnx.Rngs(0))
    >>> pool(x).shape
    (4, 22, 22, 16)"""}, 3: {"nn": """\
    >>> x = jnp.ones((2, 9, 9, 9, 3))
    >>> pool = jnn.FractionalMaxPool3d(2, output_size=(4, 5, 6))
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (2, 4, 5, 6, 3)""", "nnx": """\
    >>> x = jnp.ones((2, 9, 9, 9, 3))
    >>> pool = jnnx.FractionalMaxPool3d(2, output_size=(4, 5, 6))
    >>> pool(x, rngs=jax.random.key(0)).shape  # a key per call
    (2, 4, 5, 6, 3)"""}}

  kernel_size: IntOrSeq
  output_size: Optional[IntOrSeq] = None
  output_ratio: Optional[RatioLike] = None
  return_indices: bool = False
  rng_collection: str = "fractional"
  channels_last: bool = True

  def forward(self, x: ArrayLike, samples: Optional[ArrayLike] = None,
              random: Optional[Randomness] = None) -> ValuesOrIndexed:
    key = None if samples is not None or random is None else random.key()
    return fractional_nd(
        fractional_max_pool.public_name(self.ndim), self.ndim, x,
        self.kernel_size, self.output_size, self.output_ratio,
        self.return_indices, key, samples, self.channels_last)
