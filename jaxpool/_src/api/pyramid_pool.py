"""Public pyramid_pool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/pyramid_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Sequence

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.pool import research as _research


def spatial_pyramid_pool1d(
    x: ArrayLike, levels: Sequence[IntOrSeq] = (1, 2, 4), mode: str = "max", *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d spatial pyramid pooling (He et al., 2014).

  K. He, X. Zhang, S. Ren and J. Sun, "Spatial Pyramid Pooling in Deep
  Convolutional Networks for Visual Recognition", ECCV 2014 / TPAMI 2015.
  Each level ``l`` pools the input into ``l`` bins per spatial dimension
  (``adaptive_max_pool1d(x, l)`` or ``adaptive_avg_pool1d(x, l)``: bin
  ``i`` of a length-``L`` axis spans ``[floor(i * L / l), ceil((i + 1) * L /
  l))``, PyTorch's adaptive bins); the levels are flattened and concatenated
  into one fixed-length vector per sample, whatever the input size ::

      out = concat([flatten(adaptive_pool(x, l)) for l in levels])

  Order of the features: level-major, in the order of ``levels``; within a
  level, the pooled array flattened in the input's own layout, i.e.
  ``(bins..., C)`` row-major (channel fastest) when ``channels_last``, and
  ``(C, bins...)`` (as ``torch.cat([F.adaptive_max_pool1d(x, l).view(N, -1)
  ...], 1)``, the usual PyTorch implementation) otherwise. The paper's Caffe
  code instead pools with window ``ceil(L / l)`` and stride ``floor(L / l)``,
  which can leave cells out or run past the input; adaptive bins always cover
  the input exactly.

  Args:
    x: the input (see Shape); a floating dtype (or integer with ``"max"``).
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or 1 positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The features, in the input's dtype. Gradients are those of the adaptive
    pools (max: to the first max of each bin).

  Raises:
    ValueError: for empty levels, a non-positive level, a level with the
      wrong number of entries, an unknown mode, the wrong input rank, or an
      empty spatial dimension.
    TypeError: for non-int levels or an unsupported input dtype.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [5.], [2.], [4.]]])  # (N, L, C)
    >>> F.spatial_pyramid_pool1d(x, (1, 2))  # [max], [max(1, 5), max(2, 4)]
    Array([[5., 5., 4.]], dtype=float32)
  """
  return _research.spatial_pyramid_pool("spatial_pyramid_pool1d", 1, x, levels,
                                        mode, channels_last)


def spatial_pyramid_pool2d(
    x: ArrayLike, levels: Sequence[IntOrSeq] = (1, 2, 4), mode: str = "max", *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d spatial pyramid pooling (He et al., 2014).

  K. He, X. Zhang, S. Ren and J. Sun, "Spatial Pyramid Pooling in Deep
  Convolutional Networks for Visual Recognition", ECCV 2014 / TPAMI 2015.
  Each level ``l`` pools the input into ``l`` bins per spatial dimension
  (``adaptive_max_pool2d(x, l)`` or ``adaptive_avg_pool2d(x, l)``: bin
  ``i`` of a length-``L`` axis spans ``[floor(i * L / l), ceil((i + 1) * L /
  l))``, PyTorch's adaptive bins); the levels are flattened and concatenated
  into one fixed-length vector per sample, whatever the input size ::

      out = concat([flatten(adaptive_pool(x, l)) for l in levels])

  Order of the features: level-major, in the order of ``levels``; within a
  level, the pooled array flattened in the input's own layout, i.e.
  ``(bins..., C)`` row-major (channel fastest) when ``channels_last``, and
  ``(C, bins...)`` (as ``torch.cat([F.adaptive_max_pool2d(x, l).view(N, -1)
  ...], 1)``, the usual PyTorch implementation) otherwise. The paper's Caffe
  code instead pools with window ``ceil(L / l)`` and stride ``floor(L / l)``,
  which can leave cells out or run past the input; adaptive bins always cover
  the input exactly.

  Args:
    x: the input (see Shape); a floating dtype (or integer with ``"max"``).
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or 2 positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The features, in the input's dtype. Gradients are those of the adaptive
    pools (max: to the first max of each bin).

  Raises:
    ValueError: for empty levels, a non-positive level, a level with the
      wrong number of entries, an unknown mode, the wrong input rank, or an
      empty spatial dimension.
    TypeError: for non-int levels or an unsupported input dtype.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 13, 9, 8))  # any H, W gives 8 * (1 + 4 + 16)
    >>> F.spatial_pyramid_pool2d(x).shape
    (2, 168)
    >>> F.spatial_pyramid_pool2d(jnp.ones((2, 8, 5, 6)), [1, (2, 3)],
    ...                          "avg", channels_last=False).shape
    (2, 56)
  """
  return _research.spatial_pyramid_pool("spatial_pyramid_pool2d", 2, x, levels,
                                        mode, channels_last)


def spatial_pyramid_pool3d(
    x: ArrayLike, levels: Sequence[IntOrSeq] = (1, 2, 4), mode: str = "max", *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d spatial pyramid pooling (He et al., 2014).

  K. He, X. Zhang, S. Ren and J. Sun, "Spatial Pyramid Pooling in Deep
  Convolutional Networks for Visual Recognition", ECCV 2014 / TPAMI 2015.
  Each level ``l`` pools the input into ``l`` bins per spatial dimension
  (``adaptive_max_pool3d(x, l)`` or ``adaptive_avg_pool3d(x, l)``: bin
  ``i`` of a length-``L`` axis spans ``[floor(i * L / l), ceil((i + 1) * L /
  l))``, PyTorch's adaptive bins); the levels are flattened and concatenated
  into one fixed-length vector per sample, whatever the input size ::

      out = concat([flatten(adaptive_pool(x, l)) for l in levels])

  Order of the features: level-major, in the order of ``levels``; within a
  level, the pooled array flattened in the input's own layout, i.e.
  ``(bins..., C)`` row-major (channel fastest) when ``channels_last``, and
  ``(C, bins...)`` (as ``torch.cat([F.adaptive_max_pool3d(x, l).view(N, -1)
  ...], 1)``, the usual PyTorch implementation) otherwise. The paper's Caffe
  code instead pools with window ``ceil(L / l)`` and stride ``floor(L / l)``,
  which can leave cells out or run past the input; adaptive bins always cover
  the input exactly.

  Args:
    x: the input (see Shape); a floating dtype (or integer with ``"max"``).
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or 3 positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The features, in the input's dtype. Gradients are those of the adaptive
    pools (max: to the first max of each bin).

  Raises:
    ValueError: for empty levels, a non-positive level, a level with the
      wrong number of entries, an unknown mode, the wrong input rank, or an
      empty spatial dimension.
    TypeError: for non-int levels or an unsupported input dtype.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 5, 6, 7, 2))
    >>> F.spatial_pyramid_pool3d(x, (1, 2)).shape  # 2 * (1 + 8)
    (1, 18)
  """
  return _research.spatial_pyramid_pool("spatial_pyramid_pool3d", 3, x, levels,
                                        mode, channels_last)
