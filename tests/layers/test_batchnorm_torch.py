"""BatchNorm1d/2d/3d against PyTorch's, in both frameworks: several training
steps (outputs, running statistics, num_batches_tracked, for momentum 0.1 and
None), eval mode after them, without affine weights or running statistics,
gradients of a training step, half precision, and the errors.

Skipped when PyTorch is not installed. PyTorch sums float32 statistics in
float64, so agreement is to float32 rounding.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx

import jaxpool.nn as jnn
import jaxpool.nnx as jnnx

torch = pytest.importorskip("torch")

SHAPES = {1: [(6, 5), (4, 5, 7)], 2: [(4, 5, 6, 3)], 3: [(2, 5, 3, 4, 3)]}
TOL = dict(rtol=2e-5, atol=2e-5)


def rand(shape, seed):
  return np.random.default_rng(seed).standard_normal(shape).astype(
      np.float32) * 3 + 1


def to_cl(x):
  return np.moveaxis(x, 1, -1) if x.ndim > 2 else x


def from_cl(y):
  return np.moveaxis(np.asarray(y), -1, 1) if y.ndim > 2 else np.asarray(y)


class Ours:
  """A jaxpool BatchNorm in either framework, driven as PyTorch's."""

  def __init__(self, framework, n, c, x, **kwargs):
    self.framework = framework
    if framework == "nn":
      self.module = getattr(jnn, f"BatchNorm{n}d")(c, **kwargs)
      self.variables = dict(self.module.init(jax.random.key(0), x,
                                             use_running_average=True))
    else:
      self.model = getattr(jnnx, f"BatchNorm{n}d")(c, **kwargs)

  def set_affine(self, weight, bias):
    if self.framework == "nn":
      self.variables["params"] = {"weight": jnp.asarray(weight),
                                  "bias": jnp.asarray(bias)}
    else:
      self.model.weight[...] = jnp.asarray(weight)
      self.model.bias[...] = jnp.asarray(bias)

  def __call__(self, x, training):
    if self.framework == "nnx":
      self.model.train() if training else self.model.eval()
      return self.model(x)
    if not training:
      return self.module.apply(self.variables, x, use_running_average=True)
    y, updates = self.module.apply(self.variables, x,
                                   use_running_average=False,
                                   mutable=["batch_stats"])
    self.variables.update(updates)
    return y

  def stats(self):
    if self.framework == "nn":
      return {k: np.asarray(v)
              for k, v in self.variables.get("batch_stats", {}).items()}
    return {k: np.asarray(getattr(self.model, k)[...])
            for k in ("running_mean", "running_var", "num_batches_tracked")
            if getattr(self.model, k) is not None}


CASES = [(n, shape, momentum, affine, track)
         for n, shapes in SHAPES.items() for shape in shapes
         for momentum, affine, track in ((0.1, True, True),
                                         (None, True, True),
                                         (0.3, False, True),
                                         (0.1, True, False))]


@pytest.mark.parametrize("framework", ["nn", "nnx"])
@pytest.mark.parametrize("n,shape,momentum,affine,track", CASES)
def test_training_steps_then_eval_equal_pytorch(framework, n, shape,
                                                momentum, affine, track):
  c = shape[1]
  theirs = getattr(torch.nn, f"BatchNorm{n}d")(
      c, momentum=momentum, affine=affine, track_running_stats=track)
  ours = Ours(framework, n, c, jnp.asarray(to_cl(rand(shape, 0))),
              momentum=momentum, affine=affine, track_running_stats=track)
  if affine:
    weight, bias = rand((c,), 1), rand((c,), 2)
    with torch.no_grad():
      theirs.weight.copy_(torch.tensor(weight))
      theirs.bias.copy_(torch.tensor(bias))
    ours.set_affine(weight, bias)
  theirs.train()
  for step in range(3):
    x = rand(shape, 10 + step)
    with torch.no_grad():
      want = theirs(torch.tensor(x)).numpy()
    np.testing.assert_allclose(from_cl(ours(jnp.asarray(to_cl(x)), True)),
                               want, **TOL)
    for name, value in ours.stats().items():
      np.testing.assert_allclose(value, getattr(theirs, name).numpy(),
                                 rtol=1e-5, atol=1e-6, err_msg=name)
  theirs.eval()
  x = rand(shape, 20)
  with torch.no_grad():
    want = theirs(torch.tensor(x)).numpy()
  np.testing.assert_allclose(from_cl(ours(jnp.asarray(to_cl(x)), False)),
                             want, **TOL)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_training_gradients_equal_pytorch(n):
  shape = SHAPES[n][-1]
  c = shape[1]
  x, g = rand(shape, 3), rand(shape, 4)
  weight, bias = rand((c,), 5), rand((c,), 6)
  theirs = getattr(torch.nn, f"BatchNorm{n}d")(c)
  with torch.no_grad():
    theirs.weight.copy_(torch.tensor(weight))
    theirs.bias.copy_(torch.tensor(bias))
  tx = torch.tensor(x, requires_grad=True)
  (theirs(tx) * torch.tensor(g)).sum().backward()

  module = getattr(jnn, f"BatchNorm{n}d")(c, channels_last=False)
  stats = module.init(jax.random.key(0), jnp.asarray(x),
                      use_running_average=True)["batch_stats"]

  def loss(x, params):
    y, _ = module.apply({"params": params, "batch_stats": stats}, x,
                        use_running_average=False, mutable=["batch_stats"])
    return jnp.sum(y * g)

  gx, gp = jax.grad(loss, argnums=(0, 1))(
      jnp.asarray(x), {"weight": jnp.asarray(weight),
                       "bias": jnp.asarray(bias)})
  np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-4, atol=1e-4)
  np.testing.assert_allclose(gp["weight"], theirs.weight.grad.numpy(),
                             rtol=1e-4, atol=1e-4)
  np.testing.assert_allclose(gp["bias"], theirs.bias.grad.numpy(),
                             rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision_is_normalised_in_float32(dtype):
  x = rand((8, 4, 3, 3), 7)
  tx = torch.tensor(x).to(getattr(torch, dtype))
  theirs = torch.nn.BatchNorm2d(4).train()
  with torch.no_grad():
    want = theirs(tx).float().numpy()
  m = jnnx.BatchNorm2d(4, channels_last=False, use_running_average=False)
  got = m(jnp.asarray(x, dtype))
  assert got.dtype == jnp.dtype(dtype)
  tol = 1e-2 if dtype == "bfloat16" else 2e-3
  np.testing.assert_allclose(np.asarray(got, np.float32), want, rtol=tol,
                             atol=tol)
  np.testing.assert_allclose(m.running_var[...], theirs.running_var.numpy(),
                             rtol=1e-3)


def test_errors():
  bn = jnnx.BatchNorm2d(3, use_running_average=False)
  with pytest.raises(ValueError, match=r"BatchNorm2d: expected 4D input "
                     r"\(got 3D input"):
    bn(jnp.ones((2, 4, 3)))
  with pytest.raises(ValueError, match=r"BatchNorm2d: num_features=3 but "
                     r"the input has 4 channels"):
    bn(jnp.ones((2, 4, 4, 4)))
  with pytest.raises(ValueError, match=r"BatchNorm1d: expected more than 1 "
                     r"value per channel when training"):
    jnnx.BatchNorm1d(3, use_running_average=False)(jnp.ones((1, 3)))
  with pytest.raises(ValueError, match=r"BatchNorm1d: num_features=0 must be "
                     r"positive"):
    jnn.BatchNorm1d(0)
  with pytest.raises(TypeError, match=r"BatchNorm3d: momentum='x' must be "
                     r"a real number"):
    jnnx.BatchNorm3d(2, momentum="x")
  with pytest.raises(ValueError, match=r"BatchNorm2d: use_running_average "
                     r"is None"):
    jnnx.BatchNorm2d(3)(jnp.ones((2, 4, 4, 3)))
  nnx_model = jnnx.BatchNorm2d(3)
  nnx_model.eval()
  assert nnx_model.use_running_average is True
  view = nnx.view(nnx_model, use_running_average=False)
  assert view.use_running_average is False
