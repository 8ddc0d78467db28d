"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/linear.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.layers import linear as _definitions
from jaxpool._src.layers.base import Initializer
from jaxpool._src.linear import PrecisionLike
from jaxpool._src.linen.base import Layer


class Linear(Layer, _definitions.Linear):
  """Applies ``y = x @ weight.T + bias``, as ``torch.nn.Linear``.

  Partial application of :func:`jaxpool.functional.linear` on its weights,
  in PyTorch's layout, names and initialisation (so a PyTorch
  ``state_dict`` maps one to one): ``weight`` ``(out_features,
  in_features)`` and, with ``bias``, ``bias`` ``(out_features,)``. PyTorch's
  arguments in PyTorch's order; the input's last dimension must equal
  ``in_features``.

  Attributes:
    in_features: size of each input sample.
    out_features: size of each output sample.
    bias: whether to add a learned bias (default True).
    dtype: the dtype of the computation; ``None`` (default) promotes the
      input and params by JAX's rules. The params are cast to it.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.linear`.
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape ``(out_features,
      in_features)``. ``None`` (default) is PyTorch's:
      ``U(-1/sqrt(in_features), 1/sqrt(in_features))``. Flax's fan-based
      initializers assume Flax's ``(in, out)`` kernel: name the axes for this
      layout, e.g. ``jax.nn.initializers.lecun_normal(in_axis=-1,
      out_axis=-2)``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's.

  Raises:
    TypeError: for a non-int size or a non-bool ``bias``.
    ValueError: for a negative size; at the call, for an input whose last
      dimension is not ``in_features``.

  Shape:
    Input ``(*, in_features)``; output ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.Linear(5, 3)
    >>> params = layer.init(jax.random.key(0), jnp.ones((2, 5)))
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (3,), 'weight': (3, 5)}}
    >>> layer.apply(params, jnp.ones((4, 7, 5))).shape
    (4, 7, 3)
  """
  __module__ = "jaxpool.nn"
  in_features: int
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LazyLinear(Layer, _definitions.LazyLinear):
  """A :class:`Linear` whose ``in_features`` is inferred from the input at
  init, as ``torch.nn.LazyLinear`` (and Flax's ``nn.Dense``).

  ``LazyLinear(out_features, bias=True)``, PyTorch's signature; the rest as
  :class:`Linear`'s. Its weights and computation are :class:`Linear`'s
  (``weight`` ``(out_features, in_features)``, ``bias``), so a PyTorch
  ``Linear``'s ``state_dict`` entries load into it unchanged. linen only:
  NNX creates weights in the constructor, before any input is seen.

  Attributes:
    out_features: size of each output sample.
    bias: whether to add a learned bias (default True).
    dtype: the dtype of the computation; ``None`` (default) promotes the
      input and params by JAX's rules. The params are cast to it.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.linear`.
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape ``(out_features,
      in_features)``. ``None`` (default) is PyTorch's:
      ``U(-1/sqrt(in_features), 1/sqrt(in_features))``. Flax's fan-based
      initializers assume Flax's ``(in, out)`` kernel: name the axes for this
      layout, e.g. ``jax.nn.initializers.lecun_normal(in_axis=-1,
      out_axis=-2)``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's.

  Raises:
    TypeError: for a non-int ``out_features`` or a non-bool ``bias``.
    ValueError: for a negative ``out_features``.

  Shape:
    Input ``(*, in_features)`` with any ``in_features`` at init (fixed by the
    params afterwards); output ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.LazyLinear(3)
    >>> params = layer.init(jax.random.key(0), jnp.ones((2, 5)))
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (3,), 'weight': (3, 5)}}
  """
  __module__ = "jaxpool.nn"
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Bilinear(Layer, _definitions.Bilinear):
  """Applies ``y_k = x1 @ weight[k] @ x2 + bias_k``, as ``torch.nn.Bilinear``.

  Partial application of :func:`jaxpool.functional.bilinear` on its
  weights, in PyTorch's layout and names: ``weight`` ``(out_features,
  in1_features, in2_features)`` and, with ``bias``, ``bias``
  ``(out_features,)``. Called as ``m(x1, x2)``; the inputs' last dimensions
  must equal ``in1_features`` and ``in2_features``.

  Attributes:
    in1_features: size of each ``x1`` sample.
    in2_features: size of each ``x2`` sample.
    out_features: size of each output sample.
    bias: whether to add a learned bias (default True).
    dtype: the dtype of the computation; ``None`` (default) promotes the
      inputs and params by JAX's rules.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.bilinear`.
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape ``(out_features,
      in1_features, in2_features)``. ``None`` (default) is PyTorch's:
      ``U(-1/sqrt(in1_features), 1/sqrt(in1_features))``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's.

  Raises:
    TypeError: for a non-int size or a non-bool ``bias``.
    ValueError: for a negative size; at the call, for inputs whose last
      dimensions are not the feature sizes.

  Shape:
    Inputs ``(*, in1_features)`` and ``(*, in2_features)``; output
    ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.Bilinear(3, 5, 4)
    >>> x1, x2 = jnp.ones((2, 3)), jnp.ones((2, 5))
    >>> params = layer.init(jax.random.key(0), x1, x2)
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (4,), 'weight': (4, 3, 5)}}
    >>> layer.apply(params, x1, x2).shape
    (2, 4)
  """
  __module__ = "jaxpool.nn"
  in1_features: int
  in2_features: int
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  @nn.compact
  def __call__(self, x1: ArrayLike, x2: ArrayLike) -> jax.Array:
    return self.forward(x1, x2)


class Identity(Layer, _definitions.Identity):
  """Returns its input unchanged, as ``torch.nn.Identity``.

  A placeholder where a layer is optional. PyTorch's constructor ignores any
  arguments; this one takes none.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Identity().apply({}, jnp.arange(3.))
    Array([0., 1., 2.], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: Any) -> Any:
    return self.forward(x)
