"""Public 1-d/2-d/3-d research pooling: stochastic, GeM, mixed, BlurPool,
MaxBlurPool and spatial pyramid pooling.

Each function is written out per rank over the N-d entry points of
:mod:`jaxpool._src.pool.research`, with its docstring filled from one
template per family by :func:`jaxpool._src.core.docs.fill`.
"""

from __future__ import annotations

from typing import Optional, Sequence

import jax
from jax.typing import ArrayLike

from jaxpool._src.core import docs
from jaxpool._src.core.args import IntOrSeq, PaddingLike
from jaxpool._src.pool import research as _research


_LAYOUT = """\
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for ``(N, C, {sp})``. The numbers are the same either way."""

_WINDOW_SHAPE = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``."""


_STOCHASTIC_DOC = """Applies {n}-d stochastic pooling (Zeiler & Fergus, 2013).

  M. D. Zeiler and R. Fergus, "Stochastic Pooling for Regularization of Deep
  Convolutional Neural Networks", ICLR 2013. For the activations ``a_i`` of a
  window, clamped at 0 (the paper pools non-negative, post-ReLU activations),
  the probabilities are ``p_i = a_i / sum_k a_k``. In training, the output is
  ``a_j`` for one tap ``j`` drawn per window from the categorical
  distribution ``p`` (the draws are independent across windows, channels and
  samples); at evaluation, it is the probabilistic weighting ::

      out = sum_i p_i a_i = sum_i a_i**2 / sum_i a_i.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    kernel_size: window size: an int or {n} ints.
    stride: window stride: an int or {n} ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    training: sample (``True``) or take the probability-weighted average
      (``False``, default).
    key: a ``jax.random`` key, required when ``training``. The same key gives
      the same samples; the samples are drawn for the whole output array, so
      under ``jax.vmap`` pass one key per example (``jax.random.split``).
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive kernel_size/stride, a tuple of the wrong
      length, the wrong input rank, an output size below 1, or
      ``training=True`` without a key.
    TypeError: for non-int sizes, a non-floating input or a key that is not a
      ``jax.random`` key.

  Negative inputs count as 0 (the clamp ``max(x, 0)`` is applied before
  pooling, so the output is never negative); a window with no positive value
  outputs 0, in training and at evaluation, with a zero gradient. A window
  holding NaN outputs NaN. In training the gradient goes to the sampled
  element (as max pooling's goes to the max); at evaluation the output is
  smooth where the window sum is positive.

{shape}
"""

@docs.fill(
    _STOCHASTIC_DOC, 1, """\
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])  # (N, L, C)
    >>> F.stochastic_pool1d(x, 2)[..., 0]  # (1 + 9) / 4 and 0
    Array([[2.5, 0. ]], dtype=float32)
    >>> y = F.stochastic_pool1d(x, 2, training=True, key=jax.random.key(0))
    >>> bool(y[0, 0, 0] in (1., 3.)), float(y[0, 1, 0])
    (True, 0.0)""",
    layout=_LAYOUT, shape=_WINDOW_SHAPE)
def stochastic_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    *, training: bool = False, key: Optional[jax.Array] = None,
    channels_last: bool = True,
) -> jax.Array:
  return _research.stochastic_pool("stochastic_pool1d", 1, x, kernel_size,
                                   stride, training, key, channels_last)


@docs.fill(
    _STOCHASTIC_DOC, 2, """\
    >>> x = jnp.array([[1., 2.], [3., 4.]]).reshape(1, 2, 2, 1)
    >>> F.stochastic_pool2d(x, 2).ravel()  # (1 + 4 + 9 + 16) / 10
    Array([3.], dtype=float32)
    >>> F.stochastic_pool2d(x, 2, training=True, key=jax.random.key(1)).shape
    (1, 1, 1, 1)""",
    layout=_LAYOUT, shape=_WINDOW_SHAPE)
def stochastic_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    *, training: bool = False, key: Optional[jax.Array] = None,
    channels_last: bool = True,
) -> jax.Array:
  return _research.stochastic_pool("stochastic_pool2d", 2, x, kernel_size,
                                   stride, training, key, channels_last)


@docs.fill(
    _STOCHASTIC_DOC, 3, """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.stochastic_pool3d(x, 2, training=True, key=jax.random.key(0)).shape
    (2, 2, 2, 2, 3)""",
    layout=_LAYOUT, shape=_WINDOW_SHAPE)
def stochastic_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    *, training: bool = False, key: Optional[jax.Array] = None,
    channels_last: bool = True,
) -> jax.Array:
  return _research.stochastic_pool("stochastic_pool3d", 3, x, kernel_size,
                                   stride, training, key, channels_last)


_GEM_DOC = """Applies {n}-d generalised-mean (GeM) pooling (Radenovic et al., 2018).

  F. Radenovic, G. Tolias and O. Chum, "Fine-tuning CNN Image Retrieval with
  No Human Annotation", TPAMI 2018. With ``x`` clamped to ``[eps, inf)``, over
  the whole spatial extent (default, the paper's global descriptor) or over
  each window of ``kernel_size``/``stride`` ::

      out = (mean_i x_i**p) ** (1 / p).

  ``p = 1`` is average pooling and ``p -> inf`` tends to max pooling (the
  mean is at most ``K**(-1/p)`` below the max, for windows of ``K`` taps).
  The power mean is computed in log space relative to the window maximum
  (the minimum for ``p < 0``), so that no term overflows: ``p = 100`` on
  activations in the thousands is exact in float32. Any finite ``p`` is
  accepted: ``p < 0`` tends to the minimum and ``p = 0`` gives the geometric
  mean (the limit). Gradients flow to ``x`` and to ``p``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    p: the exponent: a real number, or an array of shape ``()`` or ``(C,)``
      (one per channel), e.g. a learnable parameter. Default 3, the paper's
      initial value.
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or {n} ints.
    stride: window stride (an int or {n} ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive eps, a stride without kernel_size, a ``p``
      that is neither scalar nor per-channel, and the size errors of
      :func:`avg_pool{n}d`.
    TypeError: for non-int sizes, a non-real ``p`` or ``eps``, or a
      non-floating input.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool{n}d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.
"""

@docs.fill(
    _GEM_DOC, 1, """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.]]])  # (N, L, C)
    >>> F.gem_pool1d(x, 1.0)[..., 0]  # p = 1: the mean
    Array([[2.5]], dtype=float32)
    >>> F.gem_pool1d(x, 2.0, kernel_size=2)[..., 0]  # sqrt((1 + 4) / 2), ...
    Array([[1.5811388, 3.535534 ]], dtype=float32)""",
    layout=_LAYOUT)
def gem_pool1d(
    x: ArrayLike, p: ArrayLike = 3.0, kernel_size: Optional[IntOrSeq] = None,
    stride: Optional[IntOrSeq] = None, eps: float = 1e-6, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.gem_pool("gem_pool1d", 1, x, p, kernel_size, stride, eps,
                            channels_last)


@docs.fill(
    _GEM_DOC, 2, """\
    >>> x = jnp.array([[1., 2.], [3., 1000.]]).reshape(1, 2, 2, 1)
    >>> F.gem_pool2d(x, 100.0).ravel()  # no overflow; near the max
    Array([986.2327], dtype=float32)""",
    layout=_LAYOUT)
def gem_pool2d(
    x: ArrayLike, p: ArrayLike = 3.0, kernel_size: Optional[IntOrSeq] = None,
    stride: Optional[IntOrSeq] = None, eps: float = 1e-6, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.gem_pool("gem_pool2d", 2, x, p, kernel_size, stride, eps,
                            channels_last)


@docs.fill(
    _GEM_DOC, 3, """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.gem_pool3d(x).shape
    (2, 1, 1, 1, 3)""",
    layout=_LAYOUT)
def gem_pool3d(
    x: ArrayLike, p: ArrayLike = 3.0, kernel_size: Optional[IntOrSeq] = None,
    stride: Optional[IntOrSeq] = None, eps: float = 1e-6, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.gem_pool("gem_pool3d", 3, x, p, kernel_size, stride, eps,
                            channels_last)


_MIXED_DOC = """Applies {n}-d mixed max-average pooling (Lee et al., 2016).

  C.-Y. Lee, P. W. Gallagher and Z. Tu, "Generalizing Pooling Functions in
  Convolutional Neural Networks: Mixed, Gated, and Tree", AISTATS 2016 ::

      out = alpha * max_pool{n}d(x) + (1 - alpha) * avg_pool{n}d(x)

  with the same window arguments for both (PyTorch's semantics for each:
  padding is -inf for the max and counts as zeros, per
  ``count_include_pad``, for the average). ``alpha`` is used as given (the
  paper keeps it in ``[0, 1]``; :class:`jaxpool.nn.MixedPool{n}d` learns it
  through a sigmoid).

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    alpha: the mixing proportion: a real number or an array of shape ``()``
      (the paper's per-layer mixing) or ``(C,)`` (per channel).
    kernel_size: window size: an int or {n} ints.
    stride: window stride: an int or {n} ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, {n} ints, {n} ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for an ``alpha`` that is neither scalar nor per-channel, and
      the size errors of :func:`avg_pool{n}d`.
    TypeError: for non-int sizes, a non-real ``alpha`` or a non-floating
      input.

  Shape:
    As :func:`avg_pool{n}d`.
"""

@docs.fill(
    _MIXED_DOC, 1, """\
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])  # (N, L, C)
    >>> F.mixed_pool1d(x, 0.5, 2)[..., 0]  # (3 + 2) / 2, (6 + 4) / 2
    Array([[2.5, 5. ]], dtype=float32)""",
    layout=_LAYOUT)
def mixed_pool1d(
    x: ArrayLike, alpha: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: PaddingLike = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.mixed_pool("mixed_pool1d", 1, x, alpha, kernel_size, stride,
                              padding, ceil_mode, count_include_pad,
                              channels_last)


@docs.fill(
    _MIXED_DOC, 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> F.mixed_pool2d(x, 1.0, 2)[..., 0]  # alpha = 1: max pooling
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
    >>> F.mixed_pool2d(x, 0.0, 2)[..., 0]  # alpha = 0: average pooling
    Array([[[ 2.5,  4.5],
            [10.5, 12.5]]], dtype=float32)""",
    layout=_LAYOUT)
def mixed_pool2d(
    x: ArrayLike, alpha: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: PaddingLike = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.mixed_pool("mixed_pool2d", 2, x, alpha, kernel_size, stride,
                              padding, ceil_mode, count_include_pad,
                              channels_last)


@docs.fill(
    _MIXED_DOC, 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> F.mixed_pool3d(x, jnp.array([0.2, 0.8]), 2).shape  # per channel
    (1, 2, 2, 2, 2)""",
    layout=_LAYOUT)
def mixed_pool3d(
    x: ArrayLike, alpha: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: PaddingLike = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.mixed_pool("mixed_pool3d", 3, x, alpha, kernel_size, stride,
                              padding, ceil_mode, count_include_pad,
                              channels_last)


_BLUR_DOC = """Applies {n}-d BlurPool: anti-aliased downsampling (Zhang, 2019).

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

@docs.fill(
    _BLUR_DOC, 1, """\
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])  # (N, L, C)
    >>> F.blur_pool1d(x, 3)[..., 0]  # [1, 2, 1] / 4, stride 2
    Array([[0., 2., 0.]], dtype=float32)""",
    layout=_LAYOUT)
def blur_pool1d(
    x: ArrayLike, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
    pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.blur_pool("blur_pool1d", 1, x, filt_size, stride, pad_type,
                             pad_off, channels_last)


@docs.fill(
    _BLUR_DOC, 2, """\
    >>> x = jnp.ones((1, 6, 6, 3))
    >>> F.blur_pool2d(x).shape
    (1, 3, 3, 3)
    >>> F.blur_pool2d(x, 1, stride=3)[0, :, :, 0]  # filt_size=1: subsample
    Array([[1., 1.],
           [1., 1.]], dtype=float32)""",
    layout=_LAYOUT)
def blur_pool2d(
    x: ArrayLike, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
    pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.blur_pool("blur_pool2d", 2, x, filt_size, stride, pad_type,
                             pad_off, channels_last)


@docs.fill(
    _BLUR_DOC, 3, """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.blur_pool3d(x, 3, pad_type="zero").shape
    (1, 3, 3, 3, 2)""",
    layout=_LAYOUT)
def blur_pool3d(
    x: ArrayLike, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
    pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.blur_pool("blur_pool3d", 3, x, filt_size, stride, pad_type,
                             pad_off, channels_last)


_MAX_BLUR_DOC = """Applies {n}-d MaxBlurPool (Zhang, 2019): dense max, then BlurPool.

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

@docs.fill(
    _MAX_BLUR_DOC, 1, """\
    >>> x = jnp.array([[[0.], [4.], [0.], [0.], [0.], [0.], [0.]]])
    >>> F.max_blur_pool1d(x, filt_size=3)[..., 0]  # max [4,4,0,0,0,0], blur
    Array([[4., 1., 0.]], dtype=float32)""",
    layout=_LAYOUT)
def max_blur_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
    filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.max_blur_pool("max_blur_pool1d", 1, x, kernel_size, stride,
                                 filt_size, pad_type, pad_off, channels_last)


@docs.fill(
    _MAX_BLUR_DOC, 2, """\
    >>> x = jnp.ones((1, 9, 9, 3))
    >>> F.max_blur_pool2d(x).shape
    (1, 4, 4, 3)""",
    layout=_LAYOUT)
def max_blur_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
    filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.max_blur_pool("max_blur_pool2d", 2, x, kernel_size, stride,
                                 filt_size, pad_type, pad_off, channels_last)


@docs.fill(
    _MAX_BLUR_DOC, 3, """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.max_blur_pool3d(x, 2, filt_size=3).shape
    (1, 2, 2, 2, 2)""",
    layout=_LAYOUT)
def max_blur_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
    filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  return _research.max_blur_pool("max_blur_pool3d", 3, x, kernel_size, stride,
                                 filt_size, pad_type, pad_off, channels_last)


_SPP_DOC = """Applies {n}-d spatial pyramid pooling (He et al., 2014).

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

@docs.fill(
    _SPP_DOC, 1, """\
    >>> x = jnp.array([[[1.], [5.], [2.], [4.]]])  # (N, L, C)
    >>> F.spatial_pyramid_pool1d(x, (1, 2))  # [max], [max(1, 5), max(2, 4)]
    Array([[5., 5., 4.]], dtype=float32)""",
    layout=_LAYOUT)
def spatial_pyramid_pool1d(
    x: ArrayLike, levels: Sequence[IntOrSeq] = (1, 2, 4), mode: str = "max",
    *, channels_last: bool = True,
) -> jax.Array:
  return _research.spatial_pyramid_pool("spatial_pyramid_pool1d", 1, x, levels,
                                        mode, channels_last)


@docs.fill(
    _SPP_DOC, 2, """\
    >>> x = jnp.ones((2, 13, 9, 8))  # any H, W gives 8 * (1 + 4 + 16)
    >>> F.spatial_pyramid_pool2d(x).shape
    (2, 168)
    >>> F.spatial_pyramid_pool2d(jnp.ones((2, 8, 5, 6)), [1, (2, 3)],
    ...                          "avg", channels_last=False).shape
    (2, 56)""",
    layout=_LAYOUT)
def spatial_pyramid_pool2d(
    x: ArrayLike, levels: Sequence[IntOrSeq] = (1, 2, 4), mode: str = "max",
    *, channels_last: bool = True,
) -> jax.Array:
  return _research.spatial_pyramid_pool("spatial_pyramid_pool2d", 2, x, levels,
                                        mode, channels_last)


@docs.fill(
    _SPP_DOC, 3, """\
    >>> x = jnp.ones((1, 5, 6, 7, 2))
    >>> F.spatial_pyramid_pool3d(x, (1, 2)).shape  # 2 * (1 + 8)
    (1, 18)""",
    layout=_LAYOUT)
def spatial_pyramid_pool3d(
    x: ArrayLike, levels: Sequence[IntOrSeq] = (1, 2, 4), mode: str = "max",
    *, channels_last: bool = True,
) -> jax.Array:
  return _research.spatial_pyramid_pool("spatial_pyramid_pool3d", 3, x, levels,
                                        mode, channels_last)
