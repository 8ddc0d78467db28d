"""Every public function under every transform, and every float dtype.

The registry below must name every function in ``jaxpool.functional``: a new
function without an entry fails ``test_registry_covers_every_function``.
Each entry is a one-argument callable of the input and the input's shape.
For each: eager == jit (with no retrace on a second call), vmap over an extra
leading axis == a loop, reverse mode (grad, also under jax.checkpoint) and
forward mode (jvp) agree by the dot-product test <vjp(c), t> == <c, jvp(t)>,
and float16/bfloat16/float32/float64 inputs keep their dtype.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.functional as F

S1, S2, S3 = (2, 10, 3), (2, 8, 7, 3), (2, 6, 5, 4, 2)
# The random functions' key: which generator makes the bits does not matter
# to the transforms, and "rbg" keys compile 5x faster on CPU than the default
# threefry (1.4 s a compile here); it also checks non-default keys work.
KEY = jax.random.key(0, impl="rbg")


def _unpool(n, shape):
  fn = {1: F.max_unpool1d, 2: F.max_unpool2d, 3: F.max_unpool3d}[n]
  pool = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[n]
  x = jnp.asarray(np.random.default_rng(5).permutation(np.prod(shape))
                  .reshape(shape).astype(np.float32))
  _, idx = pool(x, 2, return_indices=True)
  return lambda v: fn(v, idx, 2, output_size=shape[1:-1]), idx.shape


def _registry():
  r = {}
  for n, shape in ((1, S1), (2, S2), (3, S3)):
    d = f"{n}d"
    r[f"max_pool{d}"] = (lambda x, n=n: getattr(F, f"max_pool{n}d")(
        x, 3, 2, 1, 2 if n < 3 else 1, True), shape)
    r[f"max_pool{d}_with_indices"] = (
        lambda x, n=n: getattr(F, f"max_pool{n}d_with_indices")(x, 2, 1)[0],
        shape)
    r[f"avg_pool{d}"] = (lambda x, n=n: getattr(F, f"avg_pool{n}d")(
        x, 3, 2, 1, True, False), shape)
    r[f"lp_pool{d}"] = (lambda x, n=n: getattr(F, f"lp_pool{n}d")(
        x * x + 1, 2, 2), shape)
    r[f"max_unpool{d}"] = _unpool(n, shape)
    r[f"adaptive_avg_pool{d}"] = (
        lambda x, n=n: getattr(F, f"adaptive_avg_pool{n}d")(x, 3), shape)
    r[f"adaptive_max_pool{d}"] = (
        lambda x, n=n: getattr(F, f"adaptive_max_pool{n}d")(x, 3), shape)
    r[f"adaptive_max_pool{d}_with_indices"] = (
        lambda x, n=n: getattr(F, f"adaptive_max_pool{n}d_with_indices")(
            x, 3)[0], shape)
    r[f"global_avg_pool{d}"] = (
        lambda x, n=n: getattr(F, f"global_avg_pool{n}d")(x), shape)
    r[f"global_max_pool{d}"] = (
        lambda x, n=n: getattr(F, f"global_max_pool{n}d")(x), shape)
    r[f"blur_pool{d}"] = (
        lambda x, n=n: getattr(F, f"blur_pool{n}d")(x, 3), shape)
    r[f"max_blur_pool{d}"] = (
        lambda x, n=n: getattr(F, f"max_blur_pool{n}d")(x), shape)
    r[f"gem_pool{d}"] = (
        lambda x, n=n: getattr(F, f"gem_pool{n}d")(x * x + 1), shape)
    r[f"mixed_pool{d}"] = (
        lambda x, n=n: getattr(F, f"mixed_pool{n}d")(x, 0.3, 2), shape)
    r[f"spatial_pyramid_pool{d}"] = (
        lambda x, n=n: getattr(F, f"spatial_pyramid_pool{n}d")(x, (1, 2)),
        shape)
    r[f"stochastic_pool{d}"] = (
        lambda x, n=n: getattr(F, f"stochastic_pool{n}d")(
            x * x + 1, 2, training=True, key=KEY), shape)
  for n, shape in ((2, S2), (3, S3)):
    r[f"fractional_max_pool{n}d"] = (
        lambda x, n=n: getattr(F, f"fractional_max_pool{n}d")(
            x, 2, output_ratio=0.5, key=KEY), shape)
  w = jnp.asarray(np.random.default_rng(3).standard_normal((4, 3)),
                  jnp.float32)
  w2 = jnp.asarray(np.random.default_rng(4).standard_normal((4, 3, 3)),
                   jnp.float32)
  r["linear"] = (lambda x: F.linear(x, w.astype(x.dtype)), S2)
  r["bilinear"] = (lambda x: F.bilinear(x, x[..., ::-1], w2.astype(x.dtype)),
                   S2)
  plain = ["celu", "elu", "gelu", "hardshrink", "hardsigmoid", "hardswish",
           "hardtanh", "leaky_relu", "logsigmoid", "mish", "relu", "relu6",
           "selu", "sigmoid", "silu", "softplus", "softshrink", "softsign",
           "swish", "tanh", "tanhshrink"]
  for name in plain:
    r[name] = (getattr(F, name), S2)
  r["glu"] = (lambda x: F.glu(x[..., :2]), S2)
  r["softmax"] = (lambda x: F.softmax(x, -1), S2)
  r["softmin"] = (lambda x: F.softmin(x, 1), S2)
  r["log_softmax"] = (lambda x: F.log_softmax(x, -1), S2)
  r["softmax2d"] = (F.softmax2d, S2)
  r["maxout"] = (lambda x: F.maxout(x[..., :2], 2), S2)
  r["prelu"] = (lambda x: F.prelu(x, jnp.asarray([0.1, 0.2, 0.3], x.dtype)),
                S2)
  r["rrelu"] = (lambda x: F.rrelu(x, training=True, key=KEY), S2)
  r["threshold"] = (lambda x: F.threshold(x, 0.1, 20.0), S2)
  r["batch_norm"] = (lambda x: F.batch_norm(x, None, None, training=True),
                     S2)
  r["dropout"] = (lambda x: F.dropout(x, 0.3, key=KEY), S2)
  for n, shape in ((1, S1), (2, S2), (3, S3)):
    r[f"dropout{n}d"] = (lambda x, n=n: getattr(F, f"dropout{n}d")(
        x, 0.3, key=KEY), shape)
  r["flatten"] = (lambda x: F.flatten(x, 1), S2)
  return r


REGISTRY = _registry()
# Functions whose derivative is not defined everywhere in the way finite
# dot-products need (none so far); listed explicitly if ever needed.


def test_registry_covers_every_function():
  assert sorted(REGISTRY) == sorted(F.__all__)


def _input(shape, seed=0, dtype=np.float32):
  rng = np.random.default_rng(seed)
  # Distinct values: max-like ops have a unique winner, so both modes route
  # the derivative the same way.
  x = rng.permutation(np.prod(shape)).reshape(shape) / np.prod(shape) - 0.5
  return jnp.asarray(x.astype(dtype))


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_jit_vmap_and_both_autodiff_modes(name):
  fn, shape = REGISTRY[name]
  x = _input(shape)

  traces = []

  @jax.jit
  def jitted(x):
    traces.append(1)
    return fn(x)

  eager = fn(x)
  np.testing.assert_allclose(jitted(x), eager, rtol=1e-6, atol=1e-6)
  jitted(x + 1.0)  # same shapes: no retrace
  assert len(traces) == 1

  stacked = jnp.stack([x, -x])
  np.testing.assert_allclose(jax.vmap(fn)(stacked),
                             jnp.stack([fn(x), fn(-x)]), rtol=1e-6, atol=1e-6)

  t = _input(shape, seed=1)
  c = _input(eager.shape, seed=2)

  @jax.jit
  def both_modes(x, t, c):
    out, tangent = jax.jvp(fn, (x,), (t,))
    _, pullback = jax.vjp(fn, x)
    _, pullback_remat = jax.vjp(jax.checkpoint(fn), x)
    return out, jnp.vdot(c, tangent), pullback(c)[0], pullback_remat(c)[0]

  out, c_dot_jvp, vjp_c, vjp_c_remat = both_modes(x, t, c)
  np.testing.assert_allclose(out, eager, rtol=1e-6, atol=1e-6)
  np.testing.assert_allclose(jnp.vdot(vjp_c, t), c_dot_jvp, rtol=2e-4,
                             atol=2e-4)
  np.testing.assert_allclose(vjp_c_remat, vjp_c, rtol=1e-6, atol=1e-6)


_HALF_FLOATS = [jnp.float16, jnp.bfloat16]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_float_dtypes_are_kept(name):
  """Every float dtype is traced for its output dtype. One half-precision
  dtype is also run, its values to stay finite: float16 and bfloat16 in
  turn, by the function's place in the registry (each compile costs; the
  activations' values in both are checked against PyTorch's). float32 is
  run by the test above."""
  fn, shape = REGISTRY[name]
  run = _HALF_FLOATS[sorted(REGISTRY).index(name) % 2]
  for dtype in _HALF_FLOATS:
    x = _input(shape).astype(dtype)
    out = jax.jit(fn)(x) if dtype == run else jax.eval_shape(fn, x)
    assert out.dtype == dtype, (name, dtype, out.dtype)
    if dtype == run:
      assert np.all(np.isfinite(np.asarray(out, np.float32))), (name, dtype)
  assert jax.eval_shape(fn, _input(shape)).dtype == jnp.float32
  with jax.enable_x64(True):
    out = jax.eval_shape(fn, _input(shape, dtype=np.float64))
    assert out.dtype == jnp.float64


@pytest.mark.parametrize("op, ok", [
    (lambda x: F.max_pool2d(x, 2), True),
    (lambda x: F.adaptive_max_pool2d(x, 2), True),
    (lambda x: F.global_max_pool2d(x), True),
    (lambda x: F.avg_pool2d(x, 2), False),
    (lambda x: F.lp_pool2d(x, 2, 2), False),
    (lambda x: F.adaptive_avg_pool2d(x, 2), False),
    (lambda x: F.global_avg_pool2d(x), False),
])
def test_integer_inputs_max_works_avg_raises(op, ok):
  x = jnp.arange(2 * 4 * 4 * 3, dtype=jnp.int32).reshape(2, 4, 4, 3)
  if ok:
    assert op(x).dtype == jnp.int32
  else:
    with pytest.raises(TypeError, match=r"dtype int32"):
      op(x)


def test_scan_over_a_stack_of_layers():
  """lax.scan over layers that keep the shape: stride-1 "SAME" pooling and
  activations, with per-layer PReLU weights as the scanned-over stack."""
  x = _input(S2)
  weights = jnp.asarray([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0.5, 0.5, 0.5]],
                        jnp.float32)

  def layer(h, w):
    h = F.max_pool2d(h, 3, 1, "SAME")
    h = F.avg_pool2d(h, 3, 1, 1, count_include_pad=False)
    return F.prelu(F.gelu(h), w), None

  def loss(x):
    return jax.lax.scan(layer, x, weights)[0].sum()

  h = x
  for w in weights:
    h = layer(h, w)[0]
  np.testing.assert_allclose(jax.lax.scan(layer, x, weights)[0], h,
                             rtol=1e-6, atol=1e-6)
  g = jax.jit(jax.grad(loss))(x)
  np.testing.assert_allclose(g, jax.grad(lambda x: functools.reduce(
      lambda h, w: layer(h, w)[0], weights, x).sum())(x), rtol=1e-5,
                             atol=1e-6)


def test_flax_remat_and_scan_over_modules():
  import flax.linen as nn

  import jaxpool.nn as jnn

  class Block(nn.Module):
    @nn.compact
    def __call__(self, h, _):
      h = jnn.PReLU(num_parameters=3)(h)
      h = jnn.MaxPool2d(3, 1, 1)(h)
      return jnn.AvgPool2d(3, 1, 1)(h), None

  Stack = nn.scan(nn.remat(Block), variable_axes={"params": 0},
                  split_rngs={"params": True}, length=3)
  x = _input(S2)
  model = Stack()
  params = model.init(jax.random.key(0), x, None)
  assert params["params"]["PReLU_0"]["weight"].shape == (3, 3)
  grads = jax.jit(jax.grad(lambda p: model.apply(p, x, None)[0].sum()))(
      params)
  assert jax.tree.leaves(grads)[0].shape == (3, 3)
