"""Anti-aliased downsampling (Zhang, 2019), defined once: ``blur_pool{n}d``,
``max_blur_pool{n}d`` and the Modules ``BlurPool{n}d``, ``MaxBlurPool{n}d``
(see :mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.pool.research import blur_pool as blur_nd
from jaxpool._src.pool.research import max_blur_pool as max_blur_nd


@per_rank(
    "blur_pool{n}d", (1, 2, 3), core=blur_nd,
    fields=dict(layout=docs.RESEARCH_LAYOUT_ARG),
    examples={1: """\
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])  # (N, L, C)
    >>> F.blur_pool1d(x, 3)[..., 0]  # [1, 2, 1] / 4, stride 2
    Array([[0., 2., 0.]], dtype=float32)""", 2: """\
    >>> x = jnp.ones((1, 6, 6, 3))
    >>> F.blur_pool2d(x).shape
    (1, 3, 3, 3)
    >>> F.blur_pool2d(x, 1, stride=3)[0, :, :, 0]  # filt_size=1: subsample
    Array([[1., 1.],
           [1., 1.]], dtype=float32)""", 3: """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.blur_pool3d(x, 3, pad_type="zero").shape
    (1, 3, 3, 3, 2)"""})
def blur_pool(
    x: ArrayLike, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
    pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d BlurPool: anti-aliased downsampling (Zhang, 2019).

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019
  (and its code, adobe/antialiased-cnns). Each channel is low-pass filtered
  with the normalised binomial kernel of ``filt_size`` taps per axis (the
  outer product over axes of ``C(f - 1, j) / 2**(f - 1)``: ``[1, 2, 1] / 4``
  for ``f = 3``, ``[1, 3, 3, 1] / 8`` for ``f = 4``), after padding each
  spatial axis by ``((f - 1) // 2 + pad_off, f // 2 + pad_off)``, then
  subsampled with ``stride`` ::

      out[o] = sum_j w[j] * x_pad[o * stride + j].

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    filt_size: taps of the binomial filter: an int or {n} ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or {n} ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
{layout}

  Returns:
    The filtered, subsampled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive filt_size/stride, a negative pad_off, an
      unknown pad_type, reflect padding not smaller than the input (as
      PyTorch's ReflectionPad), the wrong input rank, or an output size
      below 1.
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.
"""
  ...  # a template: tools/generate_layers.py writes the functions


@per_rank(
    "max_blur_pool{n}d", (1, 2, 3), core=max_blur_nd,
    fields=dict(layout=docs.RESEARCH_LAYOUT_ARG),
    examples={1: """\
    >>> x = jnp.array([[[0.], [4.], [0.], [0.], [0.], [0.], [0.]]])
    >>> F.max_blur_pool1d(x, filt_size=3)[..., 0]  # max [4,4,0,0,0,0], blur
    Array([[4., 1., 0.]], dtype=float32)""", 2: """\
    >>> x = jnp.ones((1, 9, 9, 3))
    >>> F.max_blur_pool2d(x).shape
    (1, 4, 4, 3)""", 3: """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.max_blur_pool3d(x, 2, filt_size=3).shape
    (1, 2, 2, 2, 2)"""})
def max_blur_pool(
    x: ArrayLike, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
    filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d MaxBlurPool (Zhang, 2019): dense max, then BlurPool.

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019:
  the anti-aliased replacement of strided max pooling evaluates the max
  densely (stride 1) and lets the blur do the subsampling ::

      out = blur_pool{n}d(max_pool{n}d(x, kernel_size, stride=1), filt_size,
                         stride, pad_type, pad_off)

  Args:
    x: the input (see Shape); a floating dtype.
    kernel_size: the max-pool window (stride 1, no padding): an int or {n}
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or {n} ints
      (default 2).
    filt_size: taps of the binomial filter: an int or {n} ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool{n}d`.
    pad_off: extra blur padding on both sides (default 0).
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the size errors of :func:`max_pool{n}d` and
      :func:`blur_pool{n}d` (the latter on the max-pooled size).
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.
"""
  ...  # a template: tools/generate_layers.py writes the functions


class BlurPool(Layer):
  """{n}-d BlurPool: partial application of :func:`jaxpool.functional.blur_pool{n}d`.

  A fixed binomial filter: no parameters, and no ``channels`` argument (the
  filter is applied to every channel). See the function for the definition
  (Zhang, 2019).
  """
  public_name = "BlurPool{n}d"
  function = blur_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])
    >>> jnn.BlurPool1d(3).apply({}, x)[..., 0]
    Array([[0., 2., 0.]], dtype=float32)""", 2: """\
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> jnn.BlurPool2d().apply({}, x).shape
    (2, 4, 4, 3)""", 3: """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.BlurPool3d(3, pad_type="replicate").apply({}, x).shape
    (1, 2, 2, 2, 2)"""}

  filt_size: IntOrSeq = 4
  stride: IntOrSeq = 2
  pad_type: str = "reflect"
  pad_off: int = 0
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return blur_nd(blur_pool.public_name(self.ndim), self.ndim, x,
                   self.filt_size, self.stride, self.pad_type, self.pad_off,
                   self.channels_last)


class MaxBlurPool(Layer):
  """{n}-d MaxBlurPool: partial application of :func:`jaxpool.functional.max_blur_pool{n}d`.

  No parameters. Dense max pooling then BlurPool, the paper's anti-aliased
  max pooling. See the function for the definition (Zhang, 2019).
  """
  public_name = "MaxBlurPool{n}d"
  function = max_blur_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.ones((1, 9, 2))
    >>> jnn.MaxBlurPool1d().apply({}, x).shape
    (1, 4, 2)""", 2: """\
    >>> x = jnp.ones((2, 9, 9, 3))
    >>> jnn.MaxBlurPool2d(filt_size=3).apply({}, x).shape
    (2, 4, 4, 3)""", 3: """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> jnn.MaxBlurPool3d(filt_size=3).apply({}, x).shape
    (1, 2, 2, 2, 2)"""}

  kernel_size: IntOrSeq = 2
  stride: IntOrSeq = 2
  filt_size: IntOrSeq = 4
  pad_type: str = "reflect"
  pad_off: int = 0
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return max_blur_nd(max_blur_pool.public_name(self.ndim), self.ndim, x,
                       self.kernel_size, self.stride, self.filt_size,
                       self.pad_type, self.pad_off, self.channels_last)
