"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/learned_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq, PaddingLike
from jaxpool._src.layers import learned_pool as _definitions
from jaxpool._src.linen.base import Layer


class GeM1d(Layer, _definitions.GeM):
  """1-d GeM pooling with a learnable exponent: :func:`jaxpool.functional.gem_pool1d`.

  The parameter ``p`` (shape ``()``, or ``(C,)`` with ``per_channel``,
  ``param_dtype``) starts at ``init_p`` (3.0, the paper's initial value) and
  is used unconstrained, as the paper's code. With ``learnable=False``
  ``init_p`` is a constant and the Module has no parameters. Global pooling
  by default; set ``kernel_size`` (and ``stride``) for windowed pooling. See
  the function for the definition (Radenovic et al., 2018).

  Attributes:
    init_p: the initial exponent (the constant one with ``learnable=False``):
      a finite real number (default 3.0).
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or 1 ints.
    stride: window stride (an int or 1 ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
    learnable: whether ``p`` is a parameter (default True).
    per_channel: one exponent per channel, shape ``(C,)``, instead of one
      for all (default False).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.
    param_dtype: the dtype of ``p`` (default float32).

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool1d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 8, 3))
    >>> params = jnn.GeM1d().init(jax.random.key(0), x)
    >>> params["params"]["p"]
    Array(3., dtype=float32)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  init_p: float = 3.0
  kernel_size: Optional[IntOrSeq] = None
  stride: Optional[IntOrSeq] = None
  eps: float = 1e-6
  learnable: bool = True
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GeM2d(Layer, _definitions.GeM):
  """2-d GeM pooling with a learnable exponent: :func:`jaxpool.functional.gem_pool2d`.

  The parameter ``p`` (shape ``()``, or ``(C,)`` with ``per_channel``,
  ``param_dtype``) starts at ``init_p`` (3.0, the paper's initial value) and
  is used unconstrained, as the paper's code. With ``learnable=False``
  ``init_p`` is a constant and the Module has no parameters. Global pooling
  by default; set ``kernel_size`` (and ``stride``) for windowed pooling. See
  the function for the definition (Radenovic et al., 2018).

  Attributes:
    init_p: the initial exponent (the constant one with ``learnable=False``):
      a finite real number (default 3.0).
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or 2 ints.
    stride: window stride (an int or 2 ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
    learnable: whether ``p`` is a parameter (default True).
    per_channel: one exponent per channel, shape ``(C,)``, instead of one
      for all (default False).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.
    param_dtype: the dtype of ``p`` (default float32).

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool2d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 7, 7, 4))
    >>> m = jnn.GeM2d(per_channel=True)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["p"].shape, m.apply(params, x).shape
    ((4,), (2, 1, 1, 4))
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  init_p: float = 3.0
  kernel_size: Optional[IntOrSeq] = None
  stride: Optional[IntOrSeq] = None
  eps: float = 1e-6
  learnable: bool = True
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GeM3d(Layer, _definitions.GeM):
  """3-d GeM pooling with a learnable exponent: :func:`jaxpool.functional.gem_pool3d`.

  The parameter ``p`` (shape ``()``, or ``(C,)`` with ``per_channel``,
  ``param_dtype``) starts at ``init_p`` (3.0, the paper's initial value) and
  is used unconstrained, as the paper's code. With ``learnable=False``
  ``init_p`` is a constant and the Module has no parameters. Global pooling
  by default; set ``kernel_size`` (and ``stride``) for windowed pooling. See
  the function for the definition (Radenovic et al., 2018).

  Attributes:
    init_p: the initial exponent (the constant one with ``learnable=False``):
      a finite real number (default 3.0).
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or 3 ints.
    stride: window stride (an int or 3 ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
    learnable: whether ``p`` is a parameter (default True).
    per_channel: one exponent per channel, shape ``(C,)``, instead of one
      for all (default False).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.
    param_dtype: the dtype of ``p`` (default float32).

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool3d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.GeM3d(kernel_size=2, learnable=False).apply({}, x).shape
    (1, 2, 2, 2, 2)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  init_p: float = 3.0
  kernel_size: Optional[IntOrSeq] = None
  stride: Optional[IntOrSeq] = None
  eps: float = 1e-6
  learnable: bool = True
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class MixedPool1d(Layer, _definitions.MixedPool):
  """1-d mixed max-average pooling, learned: :func:`jaxpool.functional.mixed_pool1d`.

  ``alpha = sigmoid(alpha_logit)`` with the parameter ``alpha_logit``
  (shape ``()``, the paper's per-layer mixing, or ``(C,)`` with
  ``per_channel``), initialised so that ``alpha = init_alpha`` (default 0.5).
  The sigmoid keeps ``alpha`` in ``(0, 1)`` without clipping, so its
  gradient never vanishes at a bound. See the function for the definition
  (Lee, Gallagher & Tu, 2016).

  Attributes:
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, 1 ints, 1 ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
    init_alpha: the initial ``alpha``: a number in ``(0, 1)`` (default 0.5).
    per_channel: one ``alpha`` per channel, shape ``(C,)``, instead of one
      for all (default False).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.
    param_dtype: the dtype of ``alpha_logit`` (default float32).

  Shape:
    As :func:`avg_pool1d`.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])
    >>> m = jnn.MixedPool1d(2)
    >>> params = m.init(jax.random.key(0), x)
    >>> m.apply(params, x)[..., 0]  # alpha = 0.5 at init
    Array([[2.5, 5. ]], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  ceil_mode: bool = False
  count_include_pad: bool = True
  init_alpha: float = 0.5
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class MixedPool2d(Layer, _definitions.MixedPool):
  """2-d mixed max-average pooling, learned: :func:`jaxpool.functional.mixed_pool2d`.

  ``alpha = sigmoid(alpha_logit)`` with the parameter ``alpha_logit``
  (shape ``()``, the paper's per-layer mixing, or ``(C,)`` with
  ``per_channel``), initialised so that ``alpha = init_alpha`` (default 0.5).
  The sigmoid keeps ``alpha`` in ``(0, 1)`` without clipping, so its
  gradient never vanishes at a bound. See the function for the definition
  (Lee, Gallagher & Tu, 2016).

  Attributes:
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, 2 ints, 2 ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
    init_alpha: the initial ``alpha``: a number in ``(0, 1)`` (default 0.5).
    per_channel: one ``alpha`` per channel, shape ``(C,)``, instead of one
      for all (default False).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.
    param_dtype: the dtype of ``alpha_logit`` (default float32).

  Shape:
    As :func:`avg_pool2d`.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> m = jnn.MixedPool2d(3, stride=2, padding=1, per_channel=True)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["alpha_logit"].shape, m.apply(params, x).shape
    ((3,), (2, 4, 4, 3))
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  ceil_mode: bool = False
  count_include_pad: bool = True
  init_alpha: float = 0.5
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class MixedPool3d(Layer, _definitions.MixedPool):
  """3-d mixed max-average pooling, learned: :func:`jaxpool.functional.mixed_pool3d`.

  ``alpha = sigmoid(alpha_logit)`` with the parameter ``alpha_logit``
  (shape ``()``, the paper's per-layer mixing, or ``(C,)`` with
  ``per_channel``), initialised so that ``alpha = init_alpha`` (default 0.5).
  The sigmoid keeps ``alpha`` in ``(0, 1)`` without clipping, so its
  gradient never vanishes at a bound. See the function for the definition
  (Lee, Gallagher & Tu, 2016).

  Attributes:
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, 3 ints, 3 ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
    init_alpha: the initial ``alpha``: a number in ``(0, 1)`` (default 0.5).
    per_channel: one ``alpha`` per channel, shape ``(C,)``, instead of one
      for all (default False).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.
    param_dtype: the dtype of ``alpha_logit`` (default float32).

  Shape:
    As :func:`avg_pool3d`.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> m = jnn.MixedPool3d(2, init_alpha=0.9)
    >>> m.apply(m.init(jax.random.key(0), x), x).shape
    (1, 2, 2, 2, 2)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  ceil_mode: bool = False
  count_include_pad: bool = True
  init_alpha: float = 0.5
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
