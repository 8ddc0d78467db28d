"""The linear layers, defined once: ``Linear``, ``LazyLinear`` (linen only),
``Bilinear`` and ``Identity`` over :func:`jaxpool.functional.linear` and
:func:`jaxpool.functional.bilinear` (see :mod:`jaxpool._src.linear` for why
the weights keep PyTorch's layout and names)."""

from __future__ import annotations

import math
from typing import Any, Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core import args
from jaxpool._src.layers.base import Initializer, Layer, Weight
from jaxpool._src.linear import PrecisionLike, bilinear, linear


def torch_uniform(fan_in: int) -> Initializer:
  """PyTorch's default: ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` (0 if
  empty)."""
  bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0

  def init(key, shape, dtype=jnp.float32):
    return jax.random.uniform(key, shape, dtype, -bound, bound)
  return init


def _features(owner: str, declared: Optional[int], x: jax.Array,
              field: str, which: str) -> int:
  """The feature size of ``x``, checked against the declared one."""
  if x.ndim < 1:
    raise ValueError(f"{owner}: {which} has shape {tuple(x.shape)} (rank 0);"
                     " expected at least 1 dimension.")
  if declared is not None and declared != x.shape[-1]:
    raise ValueError(
        f"{owner}: {field}={declared!r} but the {which}'s last dimension is "
        f"{x.shape[-1]} ({which} shape {tuple(x.shape)}); expected them to "
        "be equal.")
  return x.shape[-1]


def _cast(dtype: Any, array: Optional[jax.Array]) -> Any:
  """Casts to the Module's ``dtype``; ``None`` leaves promotion to F."""
  if array is None or dtype is None:
    return array
  return jnp.asarray(array, dtype)


_LINEAR_ARGS = """\
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
      the weight's."""


class Linear(Layer):
  """Applies ``y = x @ weight.T + bias``, as ``torch.nn.Linear``.

  Partial application of :func:`jaxpool.functional.linear` on its weights,
  in PyTorch's layout, names and initialisation (so a PyTorch
  ``state_dict`` maps one to one): ``weight`` ``(out_features,
  in_features)`` and, with ``bias``, ``bias`` ``(out_features,)``. PyTorch's
  arguments in PyTorch's order; the input's last dimension must equal
  ``in_features``.

  Args:
{args}

  Raises:
    TypeError: for a non-int size or a non-bool ``bias``.
    ValueError: for a negative size; at the call, for an input whose last
      dimension is not ``in_features``.

  Shape:
    Input ``(*, in_features)``; output ``(*, out_features)``.
  """
  public_name = "Linear"
  doc_fields = {"args": _LINEAR_ARGS}
  random_init = True
  examples = {0: {"nn": """\
    >>> layer = jnn.Linear(5, 3)
    >>> params = layer.init(jax.random.key(0), jnp.ones((2, 5)))
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (3,), 'weight': (3, 5)}}
    >>> layer.apply(params, jnp.ones((4, 7, 5))).shape
    (4, 7, 3)""", "nnx": """\
    >>> layer = jnnx.Linear(5, 3, rngs=nnx.Rngs(0))
    >>> layer.weight.shape, layer.bias.shape
    ((3, 5), (3,))
    >>> layer(jnp.ones((4, 7, 5))).shape
    (4, 7, 3)"""}}

  in_features: int
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  def validate(self) -> None:
    for name in ("in_features", "out_features"):
      args.check_int(self.owner(), name, getattr(self, name))
    args.check_bool(self.owner(), "bias", self.bias)

  def weights(self, in_features: Optional[int] = None
              ) -> dict[str, Optional[Weight]]:
    fan_in = self.in_features if in_features is None else in_features
    default = torch_uniform(fan_in)
    weight = Weight((self.out_features, fan_in),
                    self.kernel_init or default, self.param_dtype)
    bias = (Weight((self.out_features,), self.bias_init or default,
                   self.param_dtype) if self.bias else None)
    return {"weight": weight, "bias": bias}

  def declared_in_features(self) -> Optional[int]:
    return self.in_features

  def forward(self, x: ArrayLike) -> jax.Array:
    x = args.check_array(self.owner(), x)
    _features(self.owner(), self.declared_in_features(), x, "in_features",
              "input")
    w = self.weight_values(x)
    return linear(_cast(self.dtype, x), _cast(self.dtype, w["weight"]),
                  _cast(self.dtype, w["bias"]), precision=self.precision)


class LazyLinear(Linear):
  """A :class:`Linear` whose ``in_features`` is inferred from the input at
  init, as ``torch.nn.LazyLinear`` (and Flax's ``nn.Dense``).

  ``LazyLinear(out_features, bias=True)``, PyTorch's signature; the rest as
  :class:`Linear`'s. Its weights and computation are :class:`Linear`'s
  (``weight`` ``(out_features, in_features)``, ``bias``), so a PyTorch
  ``Linear``'s ``state_dict`` entries load into it unchanged. linen only:
  NNX creates weights in the constructor, before any input is seen.

  Args:
{args}

  Raises:
    TypeError: for a non-int ``out_features`` or a non-bool ``bias``.
    ValueError: for a negative ``out_features``.

  Shape:
    Input ``(*, in_features)`` with any ``in_features`` at init (fixed by the
    params afterwards); output ``(*, out_features)``.
  """
  public_name = "LazyLinear"
  frameworks = ("nn",)
  sizes = ("in_features",)
  examples = {0: """\
    >>> layer = jnn.LazyLinear(3)
    >>> params = layer.init(jax.random.key(0), jnp.ones((2, 5)))
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (3,), 'weight': (3, 5)}}"""}

  in_features: int  # inferred: not a field of the linen class

  def validate(self) -> None:
    args.check_int(self.owner(), "out_features", self.out_features)
    args.check_bool(self.owner(), "bias", self.bias)

  def declared_in_features(self) -> Optional[int]:
    return None

  def infer_sizes(self, *inputs: Any) -> dict[str, Any]:
    return {"in_features": inputs[0].shape[-1]}


class Bilinear(Layer):
  """Applies ``y_k = x1 @ weight[k] @ x2 + bias_k``, as ``torch.nn.Bilinear``.

  Partial application of :func:`jaxpool.functional.bilinear` on its
  weights, in PyTorch's layout and names: ``weight`` ``(out_features,
  in1_features, in2_features)`` and, with ``bias``, ``bias``
  ``(out_features,)``. Called as ``m(x1, x2)``; the inputs' last dimensions
  must equal ``in1_features`` and ``in2_features``.

  Args:
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
  """
  public_name = "Bilinear"
  random_init = True
  examples = {0: {"nn": """\
    >>> layer = jnn.Bilinear(3, 5, 4)
    >>> x1, x2 = jnp.ones((2, 3)), jnp.ones((2, 5))
    >>> params = layer.init(jax.random.key(0), x1, x2)
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (4,), 'weight': (4, 3, 5)}}
    >>> layer.apply(params, x1, x2).shape
    (2, 4)""", "nnx": """\
    >>> layer = jnnx.Bilinear(3, 5, 4, rngs=nnx.Rngs(0))
    >>> layer.weight.shape
    (4, 3, 5)
    >>> layer(jnp.ones((2, 3)), jnp.ones((2, 5))).shape
    (2, 4)"""}}

  in1_features: int
  in2_features: int
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  def validate(self) -> None:
    for name in ("in1_features", "in2_features", "out_features"):
      args.check_int(self.owner(), name, getattr(self, name))
    args.check_bool(self.owner(), "bias", self.bias)

  def weights(self) -> dict[str, Optional[Weight]]:
    default = torch_uniform(self.in1_features)  # PyTorch's bound: in1 only
    weight = Weight((self.out_features, self.in1_features,
                     self.in2_features), self.kernel_init or default,
                    self.param_dtype)
    bias = (Weight((self.out_features,), self.bias_init or default,
                   self.param_dtype) if self.bias else None)
    return {"weight": weight, "bias": bias}

  def forward(self, x1: ArrayLike, x2: ArrayLike) -> jax.Array:
    owner = self.owner()
    x1 = args.check_array(owner, x1, "x1")
    x2 = args.check_array(owner, x2, "x2")
    _features(owner, self.in1_features, x1, "in1_features", "x1")
    _features(owner, self.in2_features, x2, "in2_features", "x2")
    w = self.weight_values(x1, x2)
    return bilinear(_cast(self.dtype, x1), _cast(self.dtype, x2),
                    _cast(self.dtype, w["weight"]),
                    _cast(self.dtype, w["bias"]), precision=self.precision)


class Identity(Layer):
  """Returns its input unchanged, as ``torch.nn.Identity``.

  A placeholder where a layer is optional. PyTorch's constructor ignores any
  arguments; this one takes none.
  """
  public_name = "Identity"
  examples = {0: """\
    >>> jnn.Identity().apply({}, jnp.arange(3.))
    Array([0., 1., 2.], dtype=float32)"""}

  def forward(self, x: Any) -> Any:
    return x
