"""Piecewise activations as Modules, defined once (see
:mod:`jaxpool._src.layers.activation`): thresholds, ReLU and its variants,
shrinks and the hard sigmoids."""

from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src import activations as F
from jaxpool._src.core import args
from jaxpool._src.layers.activation import Activation
from jaxpool._src.layers.base import Randomness, Switchable, Weight


class Threshold(Activation):
  """Applies :func:`jaxpool.functional.threshold`, as PyTorch's ``nn.Threshold``.

  Both fields are required, as in PyTorch.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """
  public_name = "Threshold"
  function = F.threshold
  examples = {0: """\
    >>> jnn.Threshold(1.0, -5.0).apply({}, jnp.array([1., 2.]))
    Array([-5.,  2.], dtype=float32)"""}

  threshold: float
  value: float

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.threshold(x, self.threshold, self.value)


class ReLU(Activation):
  public_name = "ReLU"
  function = F.relu
  examples = {0: """\
    >>> jnn.ReLU().apply({}, jnp.array([-1., 2.]))
    Array([0., 2.], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.relu(x)


class Hardtanh(Activation):
  """Applies :func:`jaxpool.functional.hardtanh`, as PyTorch's ``nn.Hardtanh``.

  ``min_val == max_val`` is allowed, as by PyTorch's function (its Module
  asserts ``max_val > min_val``).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """
  public_name = "Hardtanh"
  function = F.hardtanh
  examples = {0: """\
    >>> jnn.Hardtanh(-2.0, 2.0).apply({}, jnp.array([-3., 1., 3.]))
    Array([-2.,  1.,  2.], dtype=float32)"""}

  min_val: float = -1.0
  max_val: float = 1.0

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.hardtanh(x, self.min_val, self.max_val)


class ReLU6(Activation):
  public_name = "ReLU6"
  function = F.relu6
  examples = {0: """\
    >>> jnn.ReLU6().apply({}, jnp.array([-1., 7.]))
    Array([0., 6.], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.relu6(x)


class LeakyReLU(Activation):
  public_name = "LeakyReLU"
  function = F.leaky_relu
  examples = {0: """\
    >>> jnn.LeakyReLU(0.1).apply({}, jnp.array([-2., 3.]))
    Array([-0.2,  3. ], dtype=float32)"""}

  negative_slope: float = 0.01

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.leaky_relu(x, self.negative_slope)


class PReLU(Activation):
  """Parametric ReLU (He et al. 2015), as PyTorch's ``nn.PReLU``.

  Learns ``num_parameters`` slopes (1, shared, or one per channel) in the
  weight ``weight`` of shape ``(num_parameters,)``, initialised to
  ``init_value``, and applies :func:`jaxpool.functional.prelu` along the
  channel axis of the layout in use. The computation is in the input's
  dtype. The initial value is a constant: no random key is needed.

  Args:
    num_parameters: 1 or the number of channels ``C`` of the input.
    init_value: the initial slope (default 0.25; PyTorch's ``init``,
      renamed because ``init`` is ``flax.linen.Module.init``).
    channels_last: channels on the last axis (default) or, as PyTorch, on
      axis 1 (for inputs of rank >= 2).
    param_dtype: the dtype of ``weight`` (default float32).

  Raises:
    ValueError: if ``num_parameters`` is not a positive int.

  Shape:
    Input ``(*)``, any shape, with ``C`` channels if ``num_parameters > 1``;
    output the same shape and dtype.
  """
  public_name = "PReLU"
  function = F.prelu
  examples = {0: {"nn": """\
    >>> m = jnn.PReLU(num_parameters=3)
    >>> x = -jnp.ones((2, 5, 3))  # (N, L, C)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["weight"]
    Array([0.25, 0.25, 0.25], dtype=float32)
    >>> m.apply(params, x)[0, 0]
    Array([-0.25, -0.25, -0.25], dtype=float32)""", "nnx": """\
    >>> m = jnnx.PReLU(num_parameters=3)
    >>> m.weight[...]
    Array([0.25, 0.25, 0.25], dtype=float32)
    >>> m(-jnp.ones((2, 5, 3)))[0, 0]  # (N, L, C)
    Array([-0.25, -0.25, -0.25], dtype=float32)"""}}

  num_parameters: int = 1
  init_value: float = 0.25
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  def validate(self) -> None:
    if not args.is_int(self.num_parameters) or self.num_parameters < 1:
      raise ValueError(
          f"PReLU: num_parameters={self.num_parameters!r} must be a positive "
          "int (1 or the input's channel count).")

  def weights(self) -> dict[str, Optional[Weight]]:
    return {"weight": Weight.full((self.num_parameters,), self.init_value,
                                  self.param_dtype)}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.prelu(x, self.required_weight("weight", x),
                   channels_last=self.channels_last)


class RReLU(Switchable, Activation):
  """Randomized leaky ReLU, as PyTorch's ``nn.RReLU``.

  Applies :func:`jaxpool.functional.rrelu`: in training mode each element
  with ``x <= 0`` gets its own slope drawn in ``U(lower, upper)``; in eval
  mode the slope is ``(lower + upper) / 2``.

  Args:
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the slopes (default ``"dropout"``).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """
  public_name = "RReLU"
  function = F.rrelu
  examples = {0: {"nn": """\
    >>> x = jnp.array([-3., 3.])
    >>> jnn.RReLU(0.1, 0.3, deterministic=True).apply({}, x)
    Array([-0.6,  3. ], dtype=float32)
    >>> y = jnn.RReLU(0.1, 0.3).apply({}, x, deterministic=False,
    ...                               rngs={"dropout": jax.random.key(0)})
    >>> bool(-0.9 <= y[0] <= -0.3)
    True""", "nnx": """\
    >>> x = jnp.array([-3., 3.])
    >>> m = jnnx.RReLU(0.1, 0.3, rngs=nnx.Rngs(0))
    >>> m.eval()
    >>> m(x)
    Array([-0.6,  3. ], dtype=float32)
    >>> m.train()
    >>> y = m(x)
    >>> bool(-0.9 <= y[0] <= -0.3)
    True"""}}

  lower: float = 1.0 / 8
  upper: float = 1.0 / 3
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"

  def forward(self, x: ArrayLike, random: Randomness) -> jax.Array:
    key = random.key() if random.training else None
    return F.rrelu(x, self.lower, self.upper, training=random.training,
                   key=key)


class Hardshrink(Activation):
  public_name = "Hardshrink"
  function = F.hardshrink
  examples = {0: """\
    >>> jnn.Hardshrink().apply({}, jnp.array([-1., 0.2]))
    Array([-1.,  0.], dtype=float32)"""}

  lambd: float = 0.5

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.hardshrink(x, self.lambd)


class Softshrink(Activation):
  public_name = "Softshrink"
  function = F.softshrink
  examples = {0: """\
    >>> jnn.Softshrink().apply({}, jnp.array([-1., 0.2]))
    Array([-0.5,  0. ], dtype=float32)"""}

  lambd: float = 0.5

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.softshrink(x, self.lambd)


class Hardswish(Activation):
  public_name = "Hardswish"
  function = F.hardswish
  examples = {0: """\
    >>> jnn.Hardswish().apply({}, jnp.array([-1.5, 4.]))
    Array([-0.375,  4.   ], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.hardswish(x)


class Hardsigmoid(Activation):
  public_name = "Hardsigmoid"
  function = F.hardsigmoid
  examples = {0: """\
    >>> jnn.Hardsigmoid().apply({}, jnp.array([1.5]))
    Array([0.75], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.hardsigmoid(x)
