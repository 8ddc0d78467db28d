"""Spatial pyramid pooling (He et al., 2014), defined once:
``spatial_pyramid_pool{n}d`` and ``SpatialPyramidPool{n}d`` (see
:mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

from typing import Sequence

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.pool.research import spatial_pyramid_pool as pyramid_nd


@per_rank(
    "spatial_pyramid_pool{n}d", (1, 2, 3), core=pyramid_nd,
    fields=dict(layout=docs.RESEARCH_LAYOUT_ARG),
    examples={1: """\
    >>> x = jnp.array([[[1.], [5.], [2.], [4.]]])  # (N, L, C)
    >>> F.spatial_pyramid_pool1d(x, (1, 2))  # [max], [max(1, 5), max(2, 4)]
    Array([[5., 5., 4.]], dtype=float32)""", 2: """\
    >>> x = jnp.ones((2, 13, 9, 8))  # any H, W gives 8 * (1 + 4 + 16)
    >>> F.spatial_pyramid_pool2d(x).shape
    (2, 168)
    >>> F.spatial_pyramid_pool2d(jnp.ones((2, 8, 5, 6)), [1, (2, 3)],
    ...                          "avg", channels_last=False).shape
    (2, 56)""", 3: """\
    >>> x = jnp.ones((1, 5, 6, 7, 2))
    >>> F.spatial_pyramid_pool3d(x, (1, 2)).shape  # 2 * (1 + 8)
    (1, 18)"""})
def spatial_pyramid_pool(
    x: ArrayLike, levels: Sequence[IntOrSeq] = (1, 2, 4), mode: str = "max",
    *, channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d spatial pyramid pooling (He et al., 2014).

  K. He, X. Zhang, S. Ren and J. Sun, "Spatial Pyramid Pooling in Deep
  Convolutional Networks for Visual Recognition", ECCV 2014 / TPAMI 2015.
  Each level ``l`` pools the input into ``l`` bins per spatial dimension
  (``adaptive_max_pool{n}d(x, l)`` or ``adaptive_avg_pool{n}d(x, l)``: bin
  ``i`` of a length-``L`` axis spans ``[floor(i * L / l), ceil((i + 1) * L /
  l))``, PyTorch's adaptive bins); the levels are flattened and concatenated
  into one fixed-length vector per sample, whatever the input size ::

      out = concat([flatten(adaptive_pool(x, l)) for l in levels])

  Order of the features: level-major, in the order of ``levels``; within a
  level, the pooled array flattened in the input's own layout, i.e.
  ``(bins..., C)`` row-major (channel fastest) when ``channels_last``, and
  ``(C, bins...)`` (as ``torch.cat([F.adaptive_max_pool{n}d(x, l).view(N, -1)
  ...], 1)``, the usual PyTorch implementation) otherwise. The paper's Caffe
  code instead pools with window ``ceil(L / l)`` and stride ``floor(L / l)``,
  which can leave cells out or run past the input; adaptive bins always cover
  the input exactly.

  Args:
    x: the input (see Shape); a floating dtype (or integer with ``"max"``).
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or {n} positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
{layout}

  Returns:
    The features, in the input's dtype. Gradients are those of the adaptive
    pools (max: to the first max of each bin).

  Raises:
    ValueError: for empty levels, a non-positive level, a level with the
      wrong number of entries, an unknown mode, the wrong input rank, or an
      empty spatial dimension.
    TypeError: for non-int levels or an unsupported input dtype.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.
"""
  ...  # a template: tools/generate_layers.py writes the functions


class SpatialPyramidPool(Layer):
  """{n}-d spatial pyramid pooling: partial application of :func:`jaxpool.functional.spatial_pyramid_pool{n}d`.

  No parameters. See the function for the levels, the order of the features
  and the output size (He et al., 2014).
  """
  public_name = "SpatialPyramidPool{n}d"
  function = spatial_pyramid_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.ones((2, 10, 3))
    >>> jnn.SpatialPyramidPool1d((1, 2, 4)).apply({}, x).shape
    (2, 21)""", 2: """\
    >>> m = jnn.SpatialPyramidPool2d((1, 2, 4))
    >>> m.apply({}, jnp.ones((2, 13, 13, 8))).shape  # any input size
    (2, 168)
    >>> m.apply({}, jnp.ones((2, 7, 30, 8))).shape
    (2, 168)""", 3: """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.SpatialPyramidPool3d((1, 2), mode="avg").apply({}, x).shape
    (1, 18)"""}

  levels: Sequence[IntOrSeq] = (1, 2, 4)
  mode: str = "max"
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return pyramid_nd(spatial_pyramid_pool.public_name(self.ndim), self.ndim,
                      x, self.levels, self.mode, self.channels_last)
