"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/pyramid_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional, Sequence

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import pyramid_pool as _definitions
from jaxpool._src.linen.base import Layer


class SpatialPyramidPool1d(Layer, _definitions.SpatialPyramidPool):
  """1-d spatial pyramid pooling: partial application of :func:`jaxpool.functional.spatial_pyramid_pool1d`.

  No parameters. See the function for the levels, the order of the features
  and the output size (He et al., 2014).

  Attributes:
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or 1 positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 10, 3))
    >>> jnn.SpatialPyramidPool1d((1, 2, 4)).apply({}, x).shape
    (2, 21)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  levels: Sequence[IntOrSeq] = (1, 2, 4)
  mode: str = "max"
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class SpatialPyramidPool2d(Layer, _definitions.SpatialPyramidPool):
  """2-d spatial pyramid pooling: partial application of :func:`jaxpool.functional.spatial_pyramid_pool2d`.

  No parameters. See the function for the levels, the order of the features
  and the output size (He et al., 2014).

  Attributes:
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or 2 positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.SpatialPyramidPool2d((1, 2, 4))
    >>> m.apply({}, jnp.ones((2, 13, 13, 8))).shape  # any input size
    (2, 168)
    >>> m.apply({}, jnp.ones((2, 7, 30, 8))).shape
    (2, 168)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  levels: Sequence[IntOrSeq] = (1, 2, 4)
  mode: str = "max"
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class SpatialPyramidPool3d(Layer, _definitions.SpatialPyramidPool):
  """3-d spatial pyramid pooling: partial application of :func:`jaxpool.functional.spatial_pyramid_pool3d`.

  No parameters. See the function for the levels, the order of the features
  and the output size (He et al., 2014).

  Attributes:
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or 3 positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.SpatialPyramidPool3d((1, 2), mode="avg").apply({}, x).shape
    (1, 18)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  levels: Sequence[IntOrSeq] = (1, 2, 4)
  mode: str = "max"
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
