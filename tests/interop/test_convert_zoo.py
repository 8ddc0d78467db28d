"""Whole models converted by :func:`jaxpool.interop.from_torch`, checked
against PyTorch itself: the zoo of tests/interop/zoo.py (LeNet, AlexNet,
VGG-BN, ResNet with basic and bottleneck blocks, GoogLeNet, DenseNet,
MobileNetV2, SqueezeNet, a SegNet with unpooling, a functional model, 1-d
and 3-d nets).

For each: eval outputs equal PyTorch's (eagerly and under jit), in linen
and NNX; the weights go back bit for bit; one training step (outputs,
gradients, updated weights, running statistics, key by key) equals
PyTorch's, in linen and NNX, with dropout at p=0 (PyTorch's random stream
cannot be reproduced; dropout's statistics are tested in tests/layers).
"""

import functools

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from flax import nnx  # noqa: E402

from jaxpool.interop import from_torch  # noqa: E402
from jaxpool.interop import to_torch_state_dict  # noqa: E402
from tests.interop import zoo  # noqa: E402

NAMES = sorted(zoo.ZOO)
LR = 0.1


def cl(a):
  """PyTorch's layout to the converted model's (channels last)."""
  a = np.asarray(a)
  return np.moveaxis(a, 1, -1) if a.ndim >= 3 else a


def back(a):
  a = np.asarray(a)
  return np.moveaxis(a, -1, 1) if a.ndim >= 3 else a


def tensors(out):
  """The tensor outputs, flattened (Python numbers left out)."""
  leaves = jax.tree.leaves(out, is_leaf=lambda v: isinstance(v, torch.Tensor))
  return [v for v in leaves if hasattr(v, "shape") and np.ndim(v) > 0]


def assert_close(ours, theirs, what, rtol=1e-4, scale=None):
  """Equal up to float32 rounding, relative to the values' ``scale``
  (default: the largest of ``theirs``)."""
  ours, theirs = np.asarray(ours, np.float64), np.asarray(theirs, np.float64)
  assert ours.shape == theirs.shape, what
  if scale is None:
    scale = np.abs(theirs).max(initial=0.0)
  np.testing.assert_allclose(ours, theirs, rtol=rtol,
                             atol=rtol * max(scale, 1e-3), err_msg=what)


@functools.lru_cache(maxsize=None)
def converted(name, api):
  net = zoo.build(name)
  x = zoo.example(name)
  return net, x, from_torch(net, x, api=api)


def torch_eval(net, x):
  net.eval()
  with torch.no_grad():
    out = net(x)
  return [t.numpy() for t in tensors(out)]


@pytest.mark.parametrize("name", NAMES)
def test_eval_matches_torch_under_jit(name):
  """Linen under jit (the NNX test below runs eagerly)."""
  net, x, (module, variables) = converted(name, "linen")
  want = torch_eval(net, x)
  xj = jnp.asarray(cl(x.numpy()))
  jitted = tensors(jax.jit(module.apply)(variables, xj))
  assert len(jitted) == len(want)
  for i, (j, w) in enumerate(zip(jitted, want)):
    assert_close(back(j), w, f"{name} output {i} under jit")


@pytest.mark.parametrize("name", NAMES)
def test_nnx_eagerly_matches_and_round_trips(name):
  net, x, model = converted(name, "nnx")
  want = torch_eval(net, x)
  got = tensors(model(jnp.asarray(cl(x.numpy()))))
  for i, (g, w) in enumerate(zip(got, want)):
    assert_close(back(g), w, f"{name} NNX output {i}")
  assert_state_dicts_equal(to_torch_state_dict(model), net.state_dict())


def assert_state_dicts_equal(ours, theirs):
  assert list(ours) == list(theirs)
  for k, v in theirs.items():
    assert ours[k].dtype == v.numpy().dtype, k
    np.testing.assert_array_equal(ours[k], v.numpy(), err_msg=k)


@pytest.mark.parametrize("name", NAMES)
def test_weights_round_trip_bit_for_bit(name):
  net, x, (module, variables) = converted(name, "linen")
  state = to_torch_state_dict(module, variables)
  assert_state_dicts_equal(state, net.state_dict())
  other = zoo.build(name, seed=7)  # different weights and statistics
  other.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
  assert_state_dicts_equal(state, other.state_dict())


def torch_step(net, x, cotangents):
  """One SGD step in training mode: outputs, gradients, new state_dict."""
  net.train()
  opt = torch.optim.SGD(net.parameters(), lr=LR)
  opt.zero_grad()
  outs = tensors(net(x))
  loss = sum((o * torch.from_numpy(g)).sum() for o, g in zip(outs, cotangents))
  loss.backward()
  grads = {k: p.grad.numpy().copy() for k, p in net.named_parameters()}
  opt.step()
  return ([o.detach().numpy() for o in outs], grads,
          {k: v.clone() for k, v in net.state_dict().items()})


def cotangents_for(net, x):
  net.eval()
  with torch.no_grad():
    outs = tensors(net(x))
  rng = np.random.default_rng(0)
  return [rng.standard_normal(o.shape).astype(np.float32) for o in outs]


def compare_step(name, outs, grads, state, theirs):
  t_outs, t_grads, t_state = theirs
  for i, (o, t) in enumerate(zip(outs, t_outs)):
    assert_close(back(o), t, f"{name} training output {i}")
  assert set(grads) == set(t_grads)
  # A bias before BatchNorm has gradient 0 up to rounding noise, which
  # scales with the model's gradients: the tolerance takes their largest.
  scale = max(np.abs(g).max() for g in t_grads.values())
  for k, g in t_grads.items():
    assert_close(grads[k], g, f"{name} gradient {k}", rtol=2e-4,
                 scale=max(np.abs(g).max(), 0.05 * scale))
  assert list(state) == list(t_state)
  for k, v in t_state.items():
    assert_close(state[k], v.numpy(), f"{name} after the step: {k}")
    assert state[k].dtype == v.numpy().dtype, k


@pytest.mark.parametrize("name", NAMES)
def test_training_step_matches_torch(name):
  net = zoo.build(name, dropout=0.0)
  x = zoo.example(name)
  module, variables = from_torch(net, x)
  cots = cotangents_for(net, x)
  theirs = torch_step(net, x, cots)

  def loss(params, stats, xj, gs):
    out, updates = module.apply({"params": params, "batch_stats": stats}, xj,
                                train=True, mutable=["batch_stats"],
                                rngs={"dropout": jax.random.key(0)})
    outs = tensors(out)
    total = sum((o * g).sum() for o, g in zip(outs, gs))
    return total, (outs, updates.get("batch_stats", {}))

  step = jax.jit(jax.value_and_grad(loss, has_aux=True))
  (_, (outs, stats)), grads = step(
      variables["params"], variables["batch_stats"],
      jnp.asarray(cl(x.numpy())), [jnp.asarray(cl(g)) for g in cots])
  params = jax.tree.map(lambda p, g: p - LR * g, variables["params"], grads)
  compare_step(name, outs, to_torch_state_dict(module, {"params": grads}),
               to_torch_state_dict(module, {"params": params,
                                            "batch_stats": stats}), theirs)


# The NNX step of the larger models compiles for long: run with -m slow.
NNX_STEP = [pytest.param(n, marks=pytest.mark.slow) if n in (
    "alexnet", "googlenet", "densenet", "mobilenet_v2", "squeezenet",
    "vgg11_bn", "resnet_bottleneck") else n for n in NAMES]


@pytest.mark.parametrize("name", NNX_STEP)
def test_training_step_matches_torch_nnx(name):
  net = zoo.build(name, dropout=0.0)
  x = zoo.example(name)
  model = from_torch(net, x, api="nnx")
  cots = cotangents_for(net, x)
  theirs = torch_step(net, x, cots)
  model.train()

  def loss(model, xj, gs):
    outs = tensors(model(xj))
    return sum((o * g).sum() for o, g in zip(outs, gs)), outs

  @nnx.jit
  def step(model, xj, gs):
    return nnx.value_and_grad(loss, has_aux=True)(model, xj, gs)

  (_, outs), grads = step(model, jnp.asarray(cl(x.numpy())),
                          [jnp.asarray(cl(g)) for g in cots])
  params = nnx.state(model, nnx.Param)
  nnx.update(model, jax.tree.map(lambda p, g: p - LR * g, params, grads))
  compare_step(name, outs, to_torch_state_dict(model, {"params": grads}),
               to_torch_state_dict(model), theirs)
