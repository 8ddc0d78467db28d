"""Global pooling, defined once: ``global_avg_pool{n}d``,
``global_max_pool{n}d`` and the Modules ``GlobalAvgPool{n}d``,
``GlobalMaxPool{n}d`` (see :mod:`jaxpool._src.layers.base`): adaptive
pooling to one cell per spatial dimension, squeezed unless ``keepdims``."""

from __future__ import annotations

import jax
from jax.typing import ArrayLike

from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.pool.adaptive import global_pool as global_nd

_GLOBAL_DOC = """Global {kind} pooling over the {n} spatial dimension(s): ``adaptive_{kind}_pool{n}d(x, 1)``.

  {what}

  Args:
    x: the input (see Shape); {dtypes}.
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.
"""


@per_rank(
    "global_avg_pool{n}d", (1, 2, 3), core=global_nd,
    fixed={"kind": '"avg"'}, doc=_GLOBAL_DOC, fields=dict(
        kind="avg", layout=docs.LAYOUT_ARG,
        what=("The mean over all spatial positions of each (sample, "
              "channel) plane."),
        dtypes="a floating dtype (half precision is summed in float32)"),
    examples={1: """\
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_avg_pool1d(x)
    Array([[ 2., 15.]], dtype=float32)""", 2: """\
    >>> x = jnp.ones((8, 7, 7, 16))  # (N, H, W, C)
    >>> F.global_avg_pool2d(x).shape
    (8, 16)
    >>> F.global_avg_pool2d(x, keepdims=True).shape
    (8, 1, 1, 16)""", 3: """\
    >>> x = jnp.ones((2, 4, 3, 5, 3))  # (N, C, D, H, W)
    >>> F.global_avg_pool3d(x, channels_last=False).shape
    (2, 4)"""})
def global_avg_pool(x: ArrayLike, *, keepdims: bool = False,
                    channels_last: bool = True) -> jax.Array:
  ...  # documented by _GLOBAL_DOC


@per_rank(
    "global_max_pool{n}d", (1, 2, 3), core=global_nd,
    fixed={"kind": '"max"'}, doc=_GLOBAL_DOC, fields=dict(
        kind="max", layout=docs.LAYOUT_ARG,
        what=("The max over all spatial positions of each (sample, "
              "channel) plane, with PyTorch's rules: NaN propagates, and "
              "the gradient goes to the first max."),
        dtypes="a floating or integer dtype"),
    examples={1: """\
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_max_pool1d(x)
    Array([[ 3., 20.]], dtype=float32)""", 2: """\
    >>> x = jnp.arange(32.).reshape(2, 4, 4, 1)
    >>> F.global_max_pool2d(x)
    Array([[15.],
           [31.]], dtype=float32)""", 3: """\
    >>> x = jnp.ones((2, 4, 3, 5, 3))
    >>> F.global_max_pool3d(x, keepdims=True).shape
    (2, 1, 1, 1, 3)"""})
def global_max_pool(x: ArrayLike, *, keepdims: bool = False,
                    channels_last: bool = True) -> jax.Array:
  ...  # documented by _GLOBAL_DOC


class GlobalAvgPool(Layer):
  """{n}-d global average pooling: :func:`jaxpool.functional.global_avg_pool{n}d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveAvgPool{n}d(1)`` (then a flatten).
  """
  public_name = "GlobalAvgPool{n}d"
  function = global_avg_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.ones((2, 10, 3))
    >>> jnn.GlobalAvgPool1d().apply({}, x).shape
    (2, 3)""", 2: """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalAvgPool2d(keepdims=True).apply({}, x).shape
    (2, 1, 1, 3)""", 3: """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> jnn.GlobalAvgPool3d().apply({}, x).shape
    (2, 3)"""}

  keepdims: bool = False
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return global_nd(global_avg_pool.public_name(self.ndim), self.ndim, x,
                     self.keepdims, self.channels_last, "avg")


class GlobalMaxPool(Layer):
  """{n}-d global max pooling: :func:`jaxpool.functional.global_max_pool{n}d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveMaxPool{n}d(1)`` (then a flatten).
  """
  public_name = "GlobalMaxPool{n}d"
  function = global_max_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.arange(6.).reshape(1, 3, 2)
    >>> jnn.GlobalMaxPool1d().apply({}, x)
    Array([[4., 5.]], dtype=float32)""", 2: """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalMaxPool2d().apply({}, x).shape
    (2, 3)""", 3: """\
    >>> x = jnp.ones((2, 3, 4, 4, 4))  # (N, C, D, H, W)
    >>> jnn.GlobalMaxPool3d(True, channels_last=False).apply({}, x).shape
    (2, 3, 1, 1, 1)"""}

  keepdims: bool = False
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return global_nd(global_max_pool.public_name(self.ndim), self.ndim, x,
                     self.keepdims, self.channels_last, "max")
