"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/fractional.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq, ValuesOrIndexed
from jaxpool._src.layers import fractional as _definitions
from jaxpool._src.linen.base import Layer
from jaxpool._src.pool.fractional import RatioLike


class FractionalMaxPool2d(Layer, _definitions.FractionalMaxPool):
  """2-d fractional max pooling, as ``torch.nn.FractionalMaxPool2d``.

  Partial application of :func:`jaxpool.functional.fractional_max_pool2d`.
  Each call draws its samples, or uses ``samples`` when given (PyTorch's
  ``_random_samples``, shape ``(N, C, 2)``). As in PyTorch, the pooling is
  random in training and in eval mode alike, so there is no
  ``deterministic``. Exactly one of ``output_size`` and ``output_ratio``.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'fractional': key}`` to ``apply``), or uses the key given to the
  call as ``rng``.

  Attributes:
    kernel_size: window size: an int or 2 ints.
    output_size: the output's spatial size: an int or 2 ints. Exactly one
      of ``output_size`` and ``output_ratio`` must be given.
    output_ratio: output size as a fraction of the input size: a number or
      2 numbers in ``(0, 1)``; the output size is ``int(L * ratio)``.
    return_indices: also return the flat index of each max within its (sample,
      channel) plane (``h * W + w``), as int32 (int64 with jax x64), in the
      format of :func:`max_pool2d` (they feed :func:`max_unpool2d` with a
      matching ``output_size``).
    rng_collection: the stream of the samples (default ``"fractional"``).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The samples' layout is the same either
      way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``, or by ``int(L * ratio)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((4, 32, 32, 16))
    >>> pool = jnn.FractionalMaxPool2d(3, output_ratio=0.7)
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (4, 22, 22, 16)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  kernel_size: IntOrSeq
  output_size: Optional[IntOrSeq] = None
  output_ratio: Optional[RatioLike] = None
  return_indices: bool = False
  rng_collection: str = "fractional"
  channels_last: bool = True

  @nn.compact
  def __call__(
      self, x: ArrayLike, samples: Optional[ArrayLike] = None,
      rng: Optional[jax.Array] = None,
  ) -> ValuesOrIndexed:
    return self.forward(x, samples, self.randomness(None, rng))


class FractionalMaxPool3d(Layer, _definitions.FractionalMaxPool):
  """3-d fractional max pooling, as ``torch.nn.FractionalMaxPool3d``.

  Partial application of :func:`jaxpool.functional.fractional_max_pool3d`.
  Each call draws its samples, or uses ``samples`` when given (PyTorch's
  ``_random_samples``, shape ``(N, C, 3)``). As in PyTorch, the pooling is
  random in training and in eval mode alike, so there is no
  ``deterministic``. Exactly one of ``output_size`` and ``output_ratio``.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'fractional': key}`` to ``apply``), or uses the key given to the
  call as ``rng``.

  Attributes:
    kernel_size: window size: an int or 3 ints.
    output_size: the output's spatial size: an int or 3 ints. Exactly one
      of ``output_size`` and ``output_ratio`` must be given.
    output_ratio: output size as a fraction of the input size: a number or
      3 numbers in ``(0, 1)``; the output size is ``int(L * ratio)``.
    return_indices: also return the flat index of each max within its (sample,
      channel) plane (``d * H * W + h * W + w``), as int32 (int64 with jax
      x64), in the format of :func:`max_pool3d` (they feed :func:`max_unpool3d`
      with a matching ``output_size``).
    rng_collection: the stream of the samples (default ``"fractional"``).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The samples' layout is the same either
      way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``, or by ``int(L * ratio)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 9, 9, 9, 3))
    >>> pool = jnn.FractionalMaxPool3d(2, output_size=(4, 5, 6))
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (2, 4, 5, 6, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  kernel_size: IntOrSeq
  output_size: Optional[IntOrSeq] = None
  output_ratio: Optional[RatioLike] = None
  return_indices: bool = False
  rng_collection: str = "fractional"
  channels_last: bool = True

  @nn.compact
  def __call__(
      self, x: ArrayLike, samples: Optional[ArrayLike] = None,
      rng: Optional[jax.Array] = None,
  ) -> ValuesOrIndexed:
    return self.forward(x, samples, self.randomness(None, rng))
