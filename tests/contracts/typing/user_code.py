"""User-style code for the type checker: every public function of
jaxpool.functional and every Module of jaxpool.nn, called as a user would,
with annotated results.

``tests/contracts/test_typing.py`` runs basedpyright on this file and expects
0 errors; it is not a test module (pytest does not collect it, see
tests/conftest.py). It also runs:
``python tests/contracts/typing/user_code.py``.
"""

from __future__ import annotations

from typing import Union

import flax.linen as nn
import jax
import jax.numpy as jnp

import jaxpool.functional as F
import jaxpool.nn as jnn

key = jax.random.key(0)
x1 = jnp.ones((2, 8, 3))  # (N, L, C)
x2 = jnp.ones((2, 8, 8, 3))  # (N, H, W, C)
x3 = jnp.ones((2, 8, 8, 8, 3))  # (N, D, H, W, C)
flag: bool = bool(jnp.all(x1 > 0))  # a bool the checker cannot narrow

# ---- max pooling: return_indices picks the return type -------------------
y: jax.Array = F.max_pool1d(x1, 2)
y = F.max_pool2d(x2, 2, stride=1, padding=1, dilation=2, ceil_mode=True)
y = F.max_pool3d(x3, (2, 2, 2), channels_last=True)
y = F.max_pool2d(x2, 2, return_indices=False)
v, i = F.max_pool1d(x1, 2, return_indices=True)
v, i = F.max_pool2d(x2, 2, return_indices=True)
v, i = F.max_pool3d(x3, 2, return_indices=True)
v, i = F.max_pool2d(x2, 2, 2, 0, 1, False, True)  # positional, as PyTorch
either: Union[jax.Array, tuple[jax.Array, jax.Array]] = F.max_pool2d(
    x2, 2, return_indices=flag)
pair: tuple[jax.Array, jax.Array] = F.max_pool1d_with_indices(x1, 2)
pair = F.max_pool2d_with_indices(x2, 2)
pair = F.max_pool3d_with_indices(x3, 2)

# ---- unpooling -------------------------------------------------------------
v, i = F.max_pool1d(x1, 2, return_indices=True)
y = F.max_unpool1d(v, i, 2)
v, i = F.max_pool2d(x2, 2, return_indices=True)
y = F.max_unpool2d(v, i, 2, output_size=(9, 9))
v, i = F.max_pool3d(x3, 2, return_indices=True)
y = F.max_unpool3d(v, i, 2, check_indices=False)

# ---- average and power-average pooling -------------------------------------
y = F.avg_pool1d(x1, 2, ceil_mode=True, count_include_pad=False)
y = F.avg_pool2d(x2, 3, 2, 1, divisor_override=2)
y = F.avg_pool3d(x3, 2, padding="SAME")
y = F.lp_pool1d(x1, 2.0, 2)
y = F.lp_pool2d(x2, float("inf"), 2)
y = F.lp_pool3d(x3, 1, 2, ceil_mode=True)

# ---- adaptive and global pooling -------------------------------------------
y = F.adaptive_avg_pool1d(x1, 3)
y = F.adaptive_avg_pool2d(x2, (3, None))
y = F.adaptive_avg_pool3d(x3, 2)
y = F.adaptive_max_pool1d(x1, 3)
y = F.adaptive_max_pool2d(x2, (2, 3), False)
y = F.adaptive_max_pool3d(x3, 2)
v, i = F.adaptive_max_pool1d(x1, 3, return_indices=True)
v, i = F.adaptive_max_pool2d(x2, 3, True)
v, i = F.adaptive_max_pool3d(x3, 2, return_indices=True)
either = F.adaptive_max_pool2d(x2, 3, flag)
pair = F.adaptive_max_pool1d_with_indices(x1, 3)
pair = F.adaptive_max_pool2d_with_indices(x2, 3)
pair = F.adaptive_max_pool3d_with_indices(x3, 2)
y = F.global_avg_pool1d(x1)
y = F.global_avg_pool2d(x2, keepdims=True)
y = F.global_avg_pool3d(x3, channels_last=True)
y = F.global_max_pool1d(x1)
y = F.global_max_pool2d(x2, keepdims=True)
y = F.global_max_pool3d(x3)

# ---- fractional max pooling ------------------------------------------------
y = F.fractional_max_pool2d(x2, 2, output_size=4, key=key)
y = F.fractional_max_pool3d(x3, 2, output_ratio=0.5, key=key)
v, i = F.fractional_max_pool2d(x2, 2, output_ratio=(0.5, 0.5),
                               return_indices=True, key=key)
v, i = F.fractional_max_pool3d(x3, 2, 4, None, True, key=key)
either = F.fractional_max_pool2d(x2, 2, 4, return_indices=flag,
                                 samples=jnp.full((2, 3, 2), 0.5))

# ---- research pooling ------------------------------------------------------
y = F.stochastic_pool1d(x1, 2)
y = F.stochastic_pool2d(x2, 2, training=True, key=key)
y = F.stochastic_pool3d(x3, 2, stride=2)
y = F.gem_pool1d(x1)
y = F.gem_pool2d(x2, 3.0, kernel_size=2)
y = F.gem_pool3d(x3, jnp.full((3,), 2.0))
y = F.mixed_pool1d(x1, 0.5, 2)
y = F.mixed_pool2d(x2, jnp.array(0.3), 2, padding=1)
y = F.mixed_pool3d(x3, 0.5, 2, ceil_mode=True)
y = F.blur_pool1d(x1)
y = F.blur_pool2d(x2, 3, stride=2, pad_type="zero")
y = F.blur_pool3d(x3, (1, 2, 3), pad_off=0)
y = F.max_blur_pool1d(x1)
y = F.max_blur_pool2d(x2, 2, filt_size=3)
y = F.max_blur_pool3d(x3, pad_type="replicate")
y = F.spatial_pyramid_pool1d(x1)
y = F.spatial_pyramid_pool2d(x2, [1, (2, 3)], "avg")
y = F.spatial_pyramid_pool3d(x3, (1, 2), channels_last=True)

# ---- linear ------------------------------------------------------------------
w = jnp.ones((4, 3))
y = F.linear(x1, w)
y = F.linear(x1, w, jnp.zeros(4), precision="highest")
y = F.bilinear(x1, x1, jnp.ones((4, 3, 3)), jnp.zeros(4))

# ---- activations -------------------------------------------------------------
a = jnp.linspace(-3.0, 3.0, 6)
y = F.celu(a, 2.0)
y = F.elu(a)
y = F.gelu(a, "tanh")
y = F.glu(x1, dim=1)
y = F.hardshrink(a)
y = F.hardsigmoid(a)
y = F.hardswish(a)
y = F.hardtanh(a, -2.0, 2.0)
y = F.leaky_relu(a, 0.1)
y = F.log_softmax(a, 0)
y = F.logsigmoid(a)
y = F.maxout(x1, 3)
y = F.mish(a)
y = F.prelu(x1, jnp.full((3,), 0.25))
y = F.relu(a)
y = F.relu6(a)
y = F.rrelu(a, training=True, key=key)
y = F.selu(a)
y = F.sigmoid(a)
y = F.silu(a)
y = F.softmax(a, dim=0)
y = F.softmax2d(x2)
y = F.softmin(a, 0)
y = F.softplus(a, beta=2.0)
y = F.softshrink(a, 0.5)
y = F.softsign(a)
y = F.swish(a, 1.5)
y = F.tanh(a)
y = F.tanhshrink(a)
y = F.threshold(a, 0.5, 0.0)


class Everything(nn.Module):
  """Every Module of jaxpool.nn, built with its fields and called once."""

  @nn.compact
  def __call__(self, x1: jax.Array, x2: jax.Array, x3: jax.Array,
               train: bool = False) -> list[jax.Array]:
    out: list[jax.Array] = []
    # Pooling.
    out.append(jnn.MaxPool1d(2)(x1))
    out.append(jnn.MaxPool2d(3, stride=2, padding=1)(x2))
    out.append(jnn.MaxPool3d(2, ceil_mode=True)(x3))
    out.append(jnn.AvgPool1d(2, count_include_pad=False)(x1))
    out.append(jnn.AvgPool2d(2, divisor_override=3)(x2))
    out.append(jnn.AvgPool3d(2)(x3))
    out.append(jnn.LPPool1d(2.0, 2)(x1))
    out.append(jnn.LPPool2d(1.0, 2)(x2))
    out.append(jnn.LPPool3d(2.0, 2)(x3))
    v1, i1 = jnn.MaxPool1d(2, return_indices=True)(x1)
    out.append(jnn.MaxUnpool1d(2)(v1, i1))
    v2, i2 = jnn.MaxPool2d(2, return_indices=True)(x2)
    out.append(jnn.MaxUnpool2d(2)(v2, i2, output_size=(9, 9)))
    v3, i3 = jnn.MaxPool3d(2, return_indices=True)(x3)
    out.append(jnn.MaxUnpool3d(2, check_indices=False)(v3, i3))
    # Adaptive, global and fractional.
    out.append(jnn.AdaptiveAvgPool1d(3)(x1))
    out.append(jnn.AdaptiveAvgPool2d((3, None))(x2))
    out.append(jnn.AdaptiveAvgPool3d(2)(x3))
    out.append(jnn.AdaptiveMaxPool1d(3)(x1))
    out.append(jnn.AdaptiveMaxPool2d(3)(x2))
    out.append(jnn.AdaptiveMaxPool3d(2, return_indices=False)(x3))
    out.append(jnn.GlobalAvgPool1d()(x1))
    out.append(jnn.GlobalAvgPool2d(keepdims=True)(x2))
    out.append(jnn.GlobalAvgPool3d()(x3))
    out.append(jnn.GlobalMaxPool1d()(x1))
    out.append(jnn.GlobalMaxPool2d()(x2))
    out.append(jnn.GlobalMaxPool3d(channels_last=True)(x3))
    samples = jnp.full((x2.shape[0], x2.shape[-1], 2), 0.5)
    out.append(jnn.FractionalMaxPool2d(2, output_size=4)(x2, samples))
    out.append(jnn.FractionalMaxPool3d(2, output_ratio=0.5)(x3))
    # Research pooling.
    out.append(jnn.StochasticPool1d(2)(x1, deterministic=not train))
    out.append(jnn.StochasticPool2d(2, deterministic=True)(x2))
    out.append(jnn.StochasticPool3d(2)(x3, deterministic=True))
    out.append(jnn.GeM1d()(x1))
    out.append(jnn.GeM2d(init_p=2.0, per_channel=True)(x2))
    out.append(jnn.GeM3d(kernel_size=2, learnable=False)(x3))
    out.append(jnn.MixedPool1d(2)(x1))
    out.append(jnn.MixedPool2d(2, init_alpha=0.3)(x2))
    out.append(jnn.MixedPool3d(2, per_channel=True)(x3))
    out.append(jnn.BlurPool1d()(x1))
    out.append(jnn.BlurPool2d(3, pad_type="zero")(x2))
    out.append(jnn.BlurPool3d()(x3))
    out.append(jnn.MaxBlurPool1d()(x1))
    out.append(jnn.MaxBlurPool2d(2, filt_size=3)(x2))
    out.append(jnn.MaxBlurPool3d()(x3))
    out.append(jnn.SpatialPyramidPool1d()(x1))
    out.append(jnn.SpatialPyramidPool2d((1, 2), mode="avg")(x2))
    out.append(jnn.SpatialPyramidPool3d()(x3))
    # Linear.
    out.append(jnn.Linear(3, 4)(x1))
    out.append(jnn.Linear(3, 4, bias=False, precision="highest")(x1))
    out.append(jnn.LazyLinear(4)(x1))
    out.append(jnn.LazyLinear(4, False, dtype=jnp.float32)(x1))
    out.append(jnn.Bilinear(3, 3, 4)(x1, x1))
    out.append(jnn.Identity()(x1))
    # Activations.
    out.append(jnn.CELU(2.0)(x1))
    out.append(jnn.ELU()(x1))
    out.append(jnn.GELU("tanh")(x1))
    out.append(jnn.GLU(dim=1)(x1))
    out.append(jnn.Hardshrink()(x1))
    out.append(jnn.Hardsigmoid()(x1))
    out.append(jnn.Hardswish()(x1))
    out.append(jnn.Hardtanh(-2.0, 2.0)(x1))
    out.append(jnn.LeakyReLU(0.1)(x1))
    out.append(jnn.LogSigmoid()(x1))
    out.append(jnn.LogSoftmax(dim=-1)(x1))
    out.append(jnn.Maxout(features=4, pool_size=2)(x1))
    out.append(jnn.Mish()(x1))
    out.append(jnn.PReLU(num_parameters=3)(x1))
    out.append(jnn.RReLU(deterministic=True)(x1))
    out.append(jnn.ReLU()(x1))
    out.append(jnn.ReLU6()(x1))
    out.append(jnn.SELU()(x1))
    out.append(jnn.SiLU()(x1))
    out.append(jnn.Sigmoid()(x1))
    out.append(jnn.Softmax(dim=-1)(x1))
    out.append(jnn.Softmax2d()(x2))
    out.append(jnn.Softmin(dim=-1)(x1))
    out.append(jnn.Softplus(beta=2.0)(x1))
    out.append(jnn.Softshrink(0.5)(x1))
    out.append(jnn.Softsign()(x1))
    out.append(jnn.Swish()(x1))
    out.append(jnn.Tanh()(x1))
    out.append(jnn.Tanhshrink()(x1))
    out.append(jnn.Threshold(0.5, 0.0)(x1))
    return out


model = Everything()
rngs = {"params": key, "fractional": key, "dropout": key}
variables = model.init(rngs, x1, x2, x3)
# flax types apply's result as Any (or (output, state) with mutable=): the
# results above, inside __call__, are where jaxpool's types are checked.
outputs = model.apply(variables, x1, x2, x3, rngs={"fractional": key})
# A Module used on its own, as in a training step.
maxpool = jnn.MaxPool2d(2, return_indices=True)
values, indices = maxpool.apply({}, x2)

# PyTorch weights: the result has the target's type (here the NNX Module).
import numpy as np  # noqa: E402
from flax import nnx  # noqa: E402

import jaxpool.nnx as jnnx  # noqa: E402
from jaxpool.interop import load_torch_state_dict  # noqa: E402

linear: jnnx.Linear = load_torch_state_dict(
    {"weight": np.ones((2, 3)), "bias": np.zeros(2)},
    jnnx.Linear(3, 2, rngs=nnx.Rngs(0)))
loaded = load_torch_state_dict({}, nnx.state(jnnx.ReLU()))
state: nnx.State = loaded

if __name__ == "__main__":
  print(f"{len(outputs)} Module outputs; MaxPool2d values {values.shape}")
