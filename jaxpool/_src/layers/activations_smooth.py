"""Smooth activations as Modules, defined once (see
:mod:`jaxpool._src.layers.activation`): the exponential and sigmoid
families."""

from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src import activations as F
from jaxpool._src.layers.activation import Activation
from jaxpool._src.layers.base import Weight


class ELU(Activation):
  public_name = "ELU"
  function = F.elu
  examples = {0: """\
    >>> jnn.ELU(alpha=2.0).apply({}, jnp.array([0., 1.]))
    Array([0., 1.], dtype=float32)"""}

  alpha: float = 1.0

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.elu(x, self.alpha)


class SELU(Activation):
  public_name = "SELU"
  function = F.selu
  examples = {0: """\
    >>> jnn.SELU().apply({}, jnp.array([1.]))
    Array([1.050701], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.selu(x)


class CELU(Activation):
  public_name = "CELU"
  function = F.celu
  examples = {0: """\
    >>> jnn.CELU(alpha=2.0).apply({}, jnp.array([-2., 1.]))
    Array([-1.2642411,  1.       ], dtype=float32)"""}

  alpha: float = 1.0

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.celu(x, self.alpha)


class GELU(Activation):
  """Applies :func:`jaxpool.functional.gelu`, as PyTorch's ``nn.GELU``.

  Exact (erf) by default, as PyTorch; ``approximate='tanh'`` for the tanh
  form (``jax.nn.gelu``'s default).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """
  public_name = "GELU"
  function = F.gelu
  examples = {0: """\
    >>> jnn.GELU().apply({}, jnp.array([1.]))
    Array([0.8413447], dtype=float32)"""}

  approximate: str = "none"

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.gelu(x, self.approximate)


class SiLU(Activation):
  public_name = "SiLU"
  function = F.silu
  examples = {0: """\
    >>> jnn.SiLU().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.silu(x)


class Swish(Activation):
  """Swish with a learnable ``beta`` (Ramachandran et al. 2017).

  ``x * sigmoid(beta * x)`` (:func:`jaxpool.functional.swish`) with ``beta``
  a scalar weight (shape ``()``), initialised to ``init_value``. With ``beta
  = 1`` it is SiLU. PyTorch has no ``Swish``. The initial value is a
  constant: no random key is needed.

  Args:
    init_value: the initial beta (default 1.0).
    param_dtype: the dtype of ``beta`` (default float32).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """
  public_name = "Swish"
  function = F.swish
  examples = {0: {"nn": """\
    >>> m = jnn.Swish()
    >>> params = m.init(jax.random.key(0), jnp.zeros(2))
    >>> params["params"]["beta"]
    Array(1., dtype=float32)
    >>> m.apply(params, jnp.array([0., 1.]))
    Array([0.       , 0.7310586], dtype=float32)""", "nnx": """\
    >>> m = jnnx.Swish()
    >>> m.beta[...]
    Array(1., dtype=float32)
    >>> m(jnp.array([0., 1.]))
    Array([0.       , 0.7310586], dtype=float32)"""}}

  init_value: float = 1.0
  param_dtype: Any = jnp.float32

  def weights(self) -> dict[str, Optional[Weight]]:
    return {"beta": Weight.full((), self.init_value, self.param_dtype)}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.swish(x, self.required_weight("beta", x))


class Mish(Activation):
  public_name = "Mish"
  function = F.mish
  examples = {0: """\
    >>> jnn.Mish().apply({}, jnp.array([1.]))
    Array([0.8650985], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.mish(x)


class Sigmoid(Activation):
  public_name = "Sigmoid"
  function = F.sigmoid
  examples = {0: """\
    >>> jnn.Sigmoid().apply({}, jnp.array([0.]))
    Array([0.5], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.sigmoid(x)


class Tanh(Activation):
  public_name = "Tanh"
  function = F.tanh
  examples = {0: """\
    >>> jnn.Tanh().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.tanh(x)


class Softplus(Activation):
  public_name = "Softplus"
  function = F.softplus
  examples = {0: """\
    >>> jnn.Softplus(beta=2.0, threshold=2.0).apply({}, jnp.array([2.]))
    Array([2.], dtype=float32)"""}

  beta: float = 1.0
  threshold: float = 20.0

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.softplus(x, self.beta, self.threshold)


class Softsign(Activation):
  public_name = "Softsign"
  function = F.softsign
  examples = {0: """\
    >>> jnn.Softsign().apply({}, jnp.array([1.]))
    Array([0.5], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.softsign(x)


class Tanhshrink(Activation):
  public_name = "Tanhshrink"
  function = F.tanhshrink
  examples = {0: """\
    >>> jnn.Tanhshrink().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.tanhshrink(x)


class LogSigmoid(Activation):
  public_name = "LogSigmoid"
  function = F.logsigmoid
  examples = {0: """\
    >>> jnn.LogSigmoid().apply({}, jnp.array([0.]))
    Array([-0.6931472], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.logsigmoid(x)
