"""Dropout, defined once: ``dropout{n}d`` and the Modules ``Dropout`` and
``Dropout{n}d`` (see :mod:`jaxpool._src.layers.base` and
:mod:`jaxpool._src.dropout`)."""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike

from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Mode, Random, Switchable
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.dropout import channel_dropout, check_p, dropout


@per_rank(
    "dropout{n}d", (1, 2, 3), core=channel_dropout,
    fields=dict(layout=docs.LAYOUT_ARG),
    rank_fields={1: dict(three=""), 3: dict(three=""), 2: dict(three="""

  As PyTorch 2.x's, a 3-d input is taken as a batched 1-d map ``(N, C, L)``
  (channels-last ``(N, L, C)``), not an unbatched 2-d one, with a
  warning.""")},
    examples={1: """\
    >>> x = jnp.ones((4, 10, 8))  # (N, L, C)
    >>> y = F.dropout1d(x, 0.5, key=jax.random.key(0))
    >>> bool(((y == 0) | (y == 2)).all())  # whole channels zeroed or kept
    True
    >>> bool((y[:, 0] == y[:, 1]).all())
    True""", 2: """\
    >>> x = jnp.ones((2, 5, 5, 16))  # (N, H, W, C)
    >>> y = F.dropout2d(x, 0.25, key=jax.random.key(0))
    >>> bool((y.min(axis=(1, 2)) == y.max(axis=(1, 2))).all())  # per channel
    True""", 3: """\
    >>> x = jnp.ones((2, 3, 3, 3, 4))  # (N, D, H, W, C)
    >>> F.dropout3d(x, 0.5, training=False).shape
    (2, 3, 3, 3, 4)"""})
def channel_dropout_template(
    x: ArrayLike, p: float = 0.5, training: bool = True, *,
    key: Optional[jax.Array] = None, channels_last: bool = True,
) -> jax.Array:
  """Zeroes whole channels, as ``torch.nn.functional.dropout{n}d``.

  In training each channel of each sample (of an ``{n}``-d feature map) is
  zeroed with probability ``p``, the others scaled by ``1 / (1 - p)``
  (Tompson et al., 2015: neighbouring activations are correlated, so
  element-wise dropout would barely regularise); otherwise the input is
  returned. As PyTorch's, ``training`` defaults to True.{three}

  Args:
    x: a floating array (see Shape).
    p: the probability of zeroing a channel, in ``[0, 1]``.
    training: apply dropout (default True, as PyTorch's function).
    key: a ``jax.random`` key, required in training when ``0 < p < 1``.
{layout}

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for ``p`` outside ``[0, 1]`` (PyTorch's message), the wrong
      input rank, or a missing key.
    TypeError: for a non-floating input or a non-numeric ``p``.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same.
  """
  ...


class Dropout(Switchable, Random):
  """Zeroes elements with probability ``p``, as ``torch.nn.Dropout``.

  Applies :func:`jaxpool.functional.dropout` in training mode; the identity
  in eval mode. PyTorch's random stream cannot be reproduced: compare
  training steps with ``p=0`` or in eval mode, and check masks by their
  statistics.

  Args:
    p: the probability of zeroing an element, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """
  public_name = "Dropout"
  function = dropout
  examples = {0: {"nn": """\
    >>> m = jnn.Dropout(0.2)
    >>> y = m.apply({}, jnp.ones(1000), deterministic=False,
    ...             rngs={"dropout": jax.random.key(0)})
    >>> sorted(set(y.tolist()))
    [0.0, 1.25]
    >>> m.apply({}, jnp.ones(3), deterministic=True)
    Array([1., 1., 1.], dtype=float32)""", "nnx": """\
    >>> m = jnnx.Dropout(0.2, rngs=nnx.Rngs(0))
    >>> m.train()
    >>> sorted(set(m(jnp.ones(1000)).tolist()))
    [0.0, 1.25]
    >>> m.eval()
    >>> m(jnp.ones(3))
    Array([1., 1., 1.], dtype=float32)"""}}

  p: float = 0.5
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"

  def validate(self) -> None:
    check_p(self.owner(), self.p)

  def forward(self, x: ArrayLike, mode: Mode) -> jax.Array:
    draws = mode.training and 0.0 < self.p < 1.0
    return dropout(x, self.p, mode.training,
                   key=mode.key() if draws else None)


class ChannelDropout(Switchable, Random):
  """Zeroes whole channels, as ``torch.nn.Dropout{n}d``.

  Applies :func:`jaxpool.functional.dropout{n}d` in training mode; the
  identity in eval mode.

  Args:
    p: the probability of zeroing a channel, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
  """
  public_name = "Dropout{n}d"
  function = channel_dropout_template
  ranks = (1, 2, 3)
  examples = {1: {"nn": """\
    >>> m = jnn.Dropout1d(0.5)
    >>> y = m.apply({}, jnp.ones((4, 10, 8)), deterministic=False,
    ...             rngs={"dropout": jax.random.key(0)})
    >>> bool((y[:, 0] == y[:, 1]).all())  # whole channels
    True""", "nnx": """\
    >>> m = jnnx.Dropout1d(0.5, rngs=nnx.Rngs(0))
    >>> m.train()
    >>> y = m(jnp.ones((4, 10, 8)))
    >>> bool((y[:, 0] == y[:, 1]).all())  # whole channels
    True"""}, 2: {"nn": """\
    >>> m = jnn.Dropout2d(0.5, deterministic=True)
    >>> m.apply({}, jnp.ones((2, 4, 4, 3))).shape
    (2, 4, 4, 3)""", "nnx": """\
    >>> m = jnnx.Dropout2d(0.5, deterministic=True)
    >>> m(jnp.ones((2, 4, 4, 3))).shape
    (2, 4, 4, 3)"""}, 3: {"nn": """\
    >>> m = jnn.Dropout3d(0.5, deterministic=True, channels_last=False)
    >>> m.apply({}, jnp.ones((2, 3, 2, 2, 2))).shape  # (N, C, D, H, W)
    (2, 3, 2, 2, 2)""", "nnx": """\
    >>> m = jnnx.Dropout3d(0.5, channels_last=False, rngs=nnx.Rngs(0))
    >>> m.eval()
    >>> m(jnp.ones((2, 3, 2, 2, 2))).shape  # (N, C, D, H, W)
    (2, 3, 2, 2, 2)"""}}

  p: float = 0.5
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"
  channels_last: bool = True

  def validate(self) -> None:
    check_p(self.owner(), self.p)

  def forward(self, x: ArrayLike, mode: Mode) -> jax.Array:
    draws = mode.training and 0.0 < self.p < 1.0
    return channel_dropout(
        channel_dropout_template.public_name(self.ndim), self.ndim, x,
        self.p, mode.training, mode.key() if draws else None,
        self.channels_last)
