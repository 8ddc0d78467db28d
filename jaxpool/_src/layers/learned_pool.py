"""Pooling with learnable weights, defined once: generalised-mean pooling
(Radenovic et al., 2018) and mixed max-average pooling (Lee et al., 2016):
``gem_pool{n}d``, ``mixed_pool{n}d`` and the Modules ``GeM{n}d``,
``MixedPool{n}d`` (see :mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

import math
from typing import Any, Optional, cast

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core import args
from jaxpool._src.core.args import IntOrSeq, PaddingLike
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer, Weight
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.pool.research import gem_pool as gem_nd
from jaxpool._src.pool.research import mixed_pool as mixed_nd

@per_rank(
    "gem_pool{n}d", (1, 2, 3), core=gem_nd,
    fields=dict(layout=docs.RESEARCH_LAYOUT_ARG),
    examples={1: """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.]]])  # (N, L, C)
    >>> F.gem_pool1d(x, 1.0)[..., 0]  # p = 1: the mean
    Array([[2.5]], dtype=float32)
    >>> F.gem_pool1d(x, 2.0, kernel_size=2)[..., 0]  # sqrt((1 + 4) / 2), ...
    Array([[1.5811388, 3.535534 ]], dtype=float32)""", 2: """\
    >>> x = jnp.array([[1., 2.], [3., 1000.]]).reshape(1, 2, 2, 1)
    >>> F.gem_pool2d(x, 100.0).ravel()  # no overflow; near the max
    Array([986.2327], dtype=float32)""", 3: """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.gem_pool3d(x).shape
    (2, 1, 1, 1, 3)"""})
def gem_pool(
    x: ArrayLike, p: ArrayLike = 3.0, kernel_size: Optional[IntOrSeq] = None,
    stride: Optional[IntOrSeq] = None, eps: float = 1e-6, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d generalised-mean (GeM) pooling (Radenovic et al., 2018).

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
  ...  # a template: tools/generate_layers.py writes the functions


@per_rank(
    "mixed_pool{n}d", (1, 2, 3), core=mixed_nd,
    fields=dict(layout=docs.RESEARCH_LAYOUT_ARG),
    examples={1: """\
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])  # (N, L, C)
    >>> F.mixed_pool1d(x, 0.5, 2)[..., 0]  # (3 + 2) / 2, (6 + 4) / 2
    Array([[2.5, 5. ]], dtype=float32)""", 2: """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> F.mixed_pool2d(x, 1.0, 2)[..., 0]  # alpha = 1: max pooling
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
    >>> F.mixed_pool2d(x, 0.0, 2)[..., 0]  # alpha = 0: average pooling
    Array([[[ 2.5,  4.5],
            [10.5, 12.5]]], dtype=float32)""", 3: """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> F.mixed_pool3d(x, jnp.array([0.2, 0.8]), 2).shape  # per channel
    (1, 2, 2, 2, 2)"""})
def mixed_pool(
    x: ArrayLike, alpha: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: PaddingLike = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d mixed max-average pooling (Lee et al., 2016).

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
  ...  # a template: tools/generate_layers.py writes the functions


def _channels(layer: Layer, per_channel: bool, channels_last: bool,
              x: Any) -> dict[str, Any]:
  """linen's ``num_channels``: the input's channel count, with
  ``per_channel`` (else none, and the weight is a scalar)."""
  if not per_channel:
    return {}
  # The function's own checks and messages, for an input it would reject.
  fn = layer.function.public_name(layer.ndim)
  x = args.check_array(fn, x)
  lay = args.layout(fn, x.shape, layer.ndim,
                    args.check_bool(fn, "channels_last", channels_last))
  return {"num_channels": x.shape[lay.channel_axis]}


def _weight_shape(owner: str, per_channel: bool,
                  num_channels: Optional[int]) -> tuple[int, ...]:
  """``()``, or ``(num_channels,)`` with ``per_channel``. The errors are
  NNX's, where ``num_channels`` is a constructor argument; linen's, read off
  the input, always agrees with ``per_channel``."""
  if not per_channel:
    if num_channels is not None:
      raise ValueError(f"{owner}: num_channels={num_channels!r} is only "
                       "used with per_channel=True.")
    return ()
  if num_channels is None:
    raise ValueError(
        f"{owner}: per_channel=True needs num_channels=C (NNX creates the "
        "parameter in the constructor, before any input is seen).")
  if not args.is_int(num_channels) or num_channels < 1:
    raise ValueError(f"{owner}: num_channels={num_channels!r} must be a "
                     "positive int.")
  return (int(num_channels),)


class GeM(Layer):
  """{n}-d GeM pooling with a learnable exponent: :func:`jaxpool.functional.gem_pool{n}d`.

  The parameter ``p`` (shape ``()``, or ``(C,)`` with ``per_channel``,
  ``param_dtype``) starts at ``init_p`` (3.0, the paper's initial value) and
  is used unconstrained, as the paper's code. With ``learnable=False``
  ``init_p`` is a constant and the Module has no parameters. Global pooling
  by default; set ``kernel_size`` (and ``stride``) for windowed pooling. See
  the function for the definition (Radenovic et al., 2018).

  Args:
    init_p: the initial exponent (the constant one with ``learnable=False``):
      a finite real number (default 3.0).
    learnable: whether ``p`` is a parameter (default True).
    per_channel: one exponent per channel, shape ``(C,)``, instead of one
      for all (default False).
    param_dtype: the dtype of ``p`` (default float32).
    num_channels: with ``per_channel=True``, the input's number of channels
      ``C`` (required: NNX creates ``p`` in the constructor, before any input
      is seen); ``None`` (default) otherwise.
  """
  public_name = "GeM{n}d"
  function = gem_pool
  ranks = (1, 2, 3)
  sizes = ("num_channels",)
  examples = {1: {"nn": """\
    >>> x = jnp.ones((2, 8, 3))
    >>> params = jnn.GeM1d().init(jax.random.key(0), x)
    >>> params["params"]["p"]
    Array(3., dtype=float32)""", "nnx": """\
    >>> m = jnnx.GeM1d()
    >>> m.p
    Param( # 1 (4 B)
      value=Array(3., dtype=float32)
    )
    >>> m(jnp.ones((2, 8, 3))).shape
    (2, 1, 3)"""}, 2: {"nn": """\
    >>> x = jnp.ones((2, 7, 7, 4))
    >>> m = jnn.GeM2d(per_channel=True)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["p"].shape, m.apply(params, x).shape
    ((4,), (2, 1, 1, 4))""", "nnx": """\
    >>> x = jnp.ones((2, 7, 7, 4))
    >>> m = jnnx.GeM2d(per_channel=True, num_channels=4)
    >>> m.p.shape, m(x).shape
    ((4,), (2, 1, 1, 4))"""}, 3: {"nn": """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.GeM3d(kernel_size=2, learnable=False).apply({}, x).shape
    (1, 2, 2, 2, 2)""", "nnx": """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> m = jnnx.GeM3d(kernel_size=2, learnable=False)
    >>> m(x).shape, nnx.state(m, nnx.Param)
    ((1, 2, 2, 2, 2), State({}))"""}}

  init_p: float = 3.0
  kernel_size: Optional[IntOrSeq] = None
  stride: Optional[IntOrSeq] = None
  eps: float = 1e-6
  learnable: bool = True
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32
  num_channels: Optional[int] = None  # inferred: not a field of linen's

  def validate(self) -> None:
    owner = self.owner()
    args.check_real(owner, "init_p", self.init_p, finite=True)
    args.check_bool(owner, "learnable", self.learnable)
    args.check_bool(owner, "per_channel", self.per_channel)

  def infer_sizes(self, *inputs: Any) -> dict[str, Any]:
    return _channels(self, self.per_channel, self.channels_last, inputs[0])

  def weights(self, num_channels: Optional[int] = None
              ) -> dict[str, Optional[Weight]]:
    shape = _weight_shape(self.owner(), self.per_channel, num_channels)
    if not self.learnable:
      return {"p": None}
    return {"p": Weight.full(shape, float(self.init_p), self.param_dtype)}

  def forward(self, x: ArrayLike) -> jax.Array:
    p = self.weight_values(x)["p"]
    return gem_nd(gem_pool.public_name(self.ndim), self.ndim, x,
                  float(self.init_p) if p is None else p, self.kernel_size,
                  self.stride, self.eps, self.channels_last)


class MixedPool(Layer):
  """{n}-d mixed max-average pooling, learned: :func:`jaxpool.functional.mixed_pool{n}d`.

  ``alpha = sigmoid(alpha_logit)`` with the parameter ``alpha_logit``
  (shape ``()``, the paper's per-layer mixing, or ``(C,)`` with
  ``per_channel``), initialised so that ``alpha = init_alpha`` (default 0.5).
  The sigmoid keeps ``alpha`` in ``(0, 1)`` without clipping, so its
  gradient never vanishes at a bound. See the function for the definition
  (Lee, Gallagher & Tu, 2016).

  Args:
    init_alpha: the initial ``alpha``: a number in ``(0, 1)`` (default 0.5).
    per_channel: one ``alpha`` per channel, shape ``(C,)``, instead of one
      for all (default False).
    param_dtype: the dtype of ``alpha_logit`` (default float32).
    num_channels: with ``per_channel=True``, the input's number of channels
      ``C`` (required: NNX creates ``alpha_logit`` in the constructor, before
      any input is seen); ``None`` (default) otherwise.
  """
  public_name = "MixedPool{n}d"
  function = mixed_pool
  ranks = (1, 2, 3)
  sizes = ("num_channels",)
  examples = {1: {"nn": """\
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])
    >>> m = jnn.MixedPool1d(2)
    >>> params = m.init(jax.random.key(0), x)
    >>> m.apply(params, x)[..., 0]  # alpha = 0.5 at init
    Array([[2.5, 5. ]], dtype=float32)""", "nnx": """\
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])
    >>> jnnx.MixedPool1d(2)(x)[..., 0]  # alpha = 0.5 at init
    Array([[2.5, 5. ]], dtype=float32)"""}, 2: {"nn": """\
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> m = jnn.MixedPool2d(3, stride=2, padding=1, per_channel=True)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["alpha_logit"].shape, m.apply(params, x).shape
    ((3,), (2, 4, 4, 3))""", "nnx": """\
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> m = jnnx.MixedPool2d(3, stride=2, padding=1, per_channel=True,
    ...                      num_channels=3)
    >>> m.alpha_logit.shape, m(x).shape
    ((3,), (2, 4, 4, 3))"""}, 3: {"nn": """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> m = jnn.MixedPool3d(2, init_alpha=0.9)
    >>> m.apply(m.init(jax.random.key(0), x), x).shape
    (1, 2, 2, 2, 2)""", "nnx": """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.MixedPool3d(2, init_alpha=0.9)(x).shape
    (1, 2, 2, 2, 2)"""}}

  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  ceil_mode: bool = False
  count_include_pad: bool = True
  init_alpha: float = 0.5
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32
  num_channels: Optional[int] = None  # inferred: not a field of linen's

  def validate(self) -> None:
    owner = self.owner()
    a = args.check_real(owner, "init_alpha", self.init_alpha, finite=True)
    if not 0 < a < 1:
      raise ValueError(f"{owner}: init_alpha={self.init_alpha!r} must lie in "
                       "(0, 1) (alpha is the sigmoid of the parameter).")
    args.check_bool(owner, "per_channel", self.per_channel)

  def infer_sizes(self, *inputs: Any) -> dict[str, Any]:
    return _channels(self, self.per_channel, self.channels_last, inputs[0])

  def weights(self, num_channels: Optional[int] = None
              ) -> dict[str, Optional[Weight]]:
    a = float(self.init_alpha)
    shape = _weight_shape(self.owner(), self.per_channel, num_channels)
    return {"alpha_logit": Weight.full(shape, math.log(a / (1 - a)),
                                       self.param_dtype)}

  def forward(self, x: ArrayLike) -> jax.Array:
    logit = cast(jax.Array, self.weight_values(x)["alpha_logit"])  # never None
    return mixed_nd(mixed_pool.public_name(self.ndim), self.ndim, x,
                    jax.nn.sigmoid(logit), self.kernel_size, self.stride,
                    self.padding, self.ceil_mode, self.count_include_pad,
                    self.channels_last)
