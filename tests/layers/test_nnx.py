"""What only NNX has: weights and keys from ``nnx.Rngs``, ``.train()`` and
``.eval()``, ``nnx.jit``/``nnx.grad``/``nnx.vmap`` over models, and its
constructor errors. (Every layer's output, in both frameworks, is checked
against its function in test_layers.py.) A representative set is also
checked against live PyTorch.
"""


import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx
from flax import traverse_util

import jaxpool.functional as F
import jaxpool.nn as jnn
import jaxpool.nnx as jnnx

X1, X2, X3 = (2, 9, 3), (2, 8, 7, 3), (1, 6, 5, 7, 2)


def rand(shape, seed=0):
  return jnp.asarray(
      np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


def pure_params(model):
  return traverse_util.flatten_dict(
      nnx.to_pure_dict(nnx.state(model, nnx.Param)))


def copy_params(model, params):
  """Sets the NNX model's params to linen's ``params``, path by path."""
  flat = traverse_util.flatten_dict(params)
  assert set(pure_params(model)) == set(flat)
  for path, value in flat.items():
    owner = model
    for part in path[:-1]:
      owner = getattr(owner, part)
    getattr(owner, path[-1])[...] = value


def test_linear_init_is_pytorchs_uniform():
  m = jnnx.Linear(16, 64, rngs=nnx.Rngs(0))
  b = jnnx.Bilinear(9, 4, 50, rngs=nnx.Rngs(1))
  for w, fan_in in ((m.weight, 16), (m.bias, 16), (b.weight, 9),
                    (b.bias, 9)):
    w = np.asarray(w[...])
    bound = 1 / np.sqrt(fan_in)
    assert np.abs(w).max() <= bound
    assert np.abs(w).max() > 0.9 * bound  # spread over the whole range
  assert jnnx.Linear(4, 3, bias=False, rngs=nnx.Rngs(0)).bias is None
  assert pure_params(jnnx.Linear(4, 3, False, rngs=nnx.Rngs(0))).keys() == {
      ("weight",)}


@pytest.mark.parametrize("make,match,error", [
    (lambda: jnnx.Linear(4.0, 3, rngs=nnx.Rngs(0)),
     r"Linear: in_features=4\.0 must be an int", TypeError),
    (lambda: jnnx.Linear(4, -1, rngs=nnx.Rngs(0)),
     r"Linear: out_features=-1 must be non-negative", ValueError),
    (lambda: jnnx.Linear(4, 3, 1, rngs=nnx.Rngs(0)),
     r"Linear: bias=1 must be a bool", TypeError),
    (lambda: jnnx.Bilinear(2, 3, "4", rngs=nnx.Rngs(0)),
     r"Bilinear: out_features='4' must be an int", TypeError),
    (lambda: jnnx.PReLU(0), r"PReLU: num_parameters=0", ValueError),
    (lambda: jnnx.GeM2d(per_channel=True),
     r"GeM2d: per_channel=True needs num_channels", ValueError),
    (lambda: jnnx.GeM2d(num_channels=3),
     r"GeM2d: num_channels=3 is only used with per_channel=True",
     ValueError),
    (lambda: jnnx.MixedPool1d(2, init_alpha=1.0),
     r"MixedPool1d: init_alpha=1\.0 must lie in \(0, 1\)", ValueError),
    (lambda: jnnx.Maxout(4, 2, in_features=0, rngs=nnx.Rngs(0)),
     r"Maxout: in_features=0 must be a positive int", ValueError),
    (lambda: jnnx.RReLU(rngs=jax.random.key(0)),
     r"RReLU: rngs must be an nnx\.Rngs, .* not \w+", TypeError),
])
def test_constructor_errors_name_class_argument_and_value(make, match, error):
  with pytest.raises(error, match=match):
    make()


def test_call_errors():
  with pytest.raises(ValueError, match=r"Linear: .*last dimension|in_features"):
    jnnx.Linear(4, 3, rngs=nnx.Rngs(0))(jnp.ones((2, 5)))
  with pytest.raises(ValueError, match=r"RReLU: deterministic is None"):
    jnnx.RReLU(rngs=nnx.Rngs(0))(jnp.ones(3))
  with pytest.raises(ValueError, match=r"StochasticPool2d: needs random"):
    jnnx.StochasticPool2d(2, deterministic=False)(jnp.ones((1, 4, 4, 1)))
  with pytest.raises(ValueError, match=r"FractionalMaxPool2d: needs random"):
    jnnx.FractionalMaxPool2d(2, output_size=2)(jnp.ones((1, 4, 4, 1)))


# --- randomness and train/eval --------------------------------------------


def test_rrelu_training_draws_from_the_key_as_the_function():
  x, key = rand((4, 6), 1), jax.random.key(3)
  m = jnnx.RReLU(0.1, 0.4, deterministic=False)
  np.testing.assert_array_equal(
      m(x, rngs=key), F.rrelu(x, 0.1, 0.4, training=True, key=key))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_stochastic_pool_training_equals_linen_with_the_same_key(n):
  shape = {1: X1, 2: X2, 3: X3}[n]
  x, key = jnp.abs(rand(shape, n)), jax.random.key(n)
  linen = getattr(jnn, f"StochasticPool{n}d")(2)
  ours = getattr(jnnx, f"StochasticPool{n}d")(2, deterministic=False)
  np.testing.assert_array_equal(
      ours(x, rngs=key), linen.apply({}, x, deterministic=False, rng=key))


@pytest.mark.parametrize("n", [2, 3])
def test_fractional_equals_linen_and_the_function(n):
  shape = {2: (2, 9, 8, 3), 3: (1, 7, 8, 9, 2)}[n]
  x, key = rand(shape, n), jax.random.key(n)
  linen = getattr(jnn, f"FractionalMaxPool{n}d")(2, output_ratio=0.5,
                                                  return_indices=True)
  ours = getattr(jnnx, f"FractionalMaxPool{n}d")(
      2, output_ratio=0.5, return_indices=True, rngs=nnx.Rngs(0))
  samples = jax.random.uniform(key, (shape[0], shape[-1], n))
  jax.tree.map(np.testing.assert_array_equal, ours(x, samples),
               linen.apply({}, x, samples))
  fn = getattr(F, f"fractional_max_pool{n}d")
  jax.tree.map(np.testing.assert_array_equal, ours(x, rngs=key),
               fn(x, 2, None, 0.5, True, key=key))
  # The kept stream advances: two calls draw different regions.
  a, b = ours(x)[1], ours(x)[1]
  assert not np.array_equal(a, b)


class Noisy(nnx.Module):
  def __init__(self, *, rngs):
    self.act = jnnx.RReLU(rngs=rngs)
    self.pool = jnnx.StochasticPool2d(2, rngs=rngs)
    # 6 -> 4 with kernel 2: a non-integer step, so the regions are random.
    self.frac = jnnx.FractionalMaxPool2d(2, output_size=4, rngs=rngs)

  def __call__(self, x):
    return self.frac(self.pool(self.act(x)))


def test_train_and_eval_switch_randomness():
  x = rand((2, 12, 12, 3))
  model = Noisy(rngs=nnx.Rngs(0))
  model.eval()
  assert model.act.deterministic is True and model.pool.deterministic is True
  y = model.pool(model.act(x))
  np.testing.assert_array_equal(y, model.pool(model.act(x)))
  np.testing.assert_array_equal(
      y, jnn.StochasticPool2d(2, deterministic=True).apply(
          {}, F.rrelu(x, training=False)))
  model.train()
  assert model.act.deterministic is False
  assert model.pool.deterministic is False
  a, b = model.pool(model.act(x)), model.pool(model.act(x))
  assert not np.array_equal(a, b) and not np.array_equal(a, y)
  # nnx.view gives an eval-mode view sharing the state.
  view = nnx.view(model, deterministic=True)
  np.testing.assert_array_equal(view.pool(view.act(x)), y)
  # The call's argument wins over the attribute.
  np.testing.assert_array_equal(
      model.pool(model.act(x, deterministic=True), deterministic=True), y)


def test_training_under_nnx_jit_advances_the_streams():
  x = rand((2, 12, 12, 3))
  model = Noisy(rngs=nnx.Rngs(dropout=1, fractional=2))
  model.train()
  step = nnx.jit(lambda m, x: m(x))
  a, b = step(model, x), step(model, x)
  assert a.shape == (2, 4, 4, 3) and not np.array_equal(a, b)
  model.eval()
  c, d = step(model, x), step(model, x)
  # Fractional pooling stays random in eval mode (as PyTorch); the rest is
  # deterministic: with the same regions, the outputs would match.
  assert c.shape == a.shape and not np.array_equal(c, d)


# --- transforms: nnx.jit, nnx.grad, vmap ----------------------------------


class Net(nnx.Module):
  """A small model of learnable jaxpool layers, PyTorch-order Linear."""

  def __init__(self, *, rngs):
    self.prelu = jnnx.PReLU(3)
    self.mix = jnnx.MixedPool2d(2, per_channel=True, num_channels=3)
    self.gem = jnnx.GeM2d()
    self.swish = jnnx.Swish()
    self.fc = jnnx.Linear(3, 5, rngs=rngs)
    self.out = jnnx.Maxout(2, 2, in_features=5, rngs=rngs)

  def __call__(self, x):
    x = self.gem(self.mix(self.prelu(x)))
    x = self.swish(self.fc(x.reshape(x.shape[0], -1)))
    return self.out(x)


class LinenNet(nn.Module):
  @nn.compact
  def __call__(self, x):
    x = jnn.GeM2d(name="gem")(
        jnn.MixedPool2d(2, per_channel=True, name="mix")(
            jnn.PReLU(3, name="prelu")(x)))
    x = jnn.Swish(name="swish")(
        jnn.Linear(in_features=3, out_features=5, name="fc")(
            x.reshape(x.shape[0], -1)))
    return jnn.Maxout(2, 2, name="out")(x)


def _net_pair():
  x = rand((4, 4, 4, 3), 5)  # negatives too: PReLU's slope is used
  ours = Net(rngs=nnx.Rngs(0))
  params = LinenNet().init(jax.random.key(0), x)["params"]
  params = jax.tree.map(lambda p: p + 0.05 * rand(p.shape, 9), params)
  copy_params(ours, params)
  return ours, params, x


def test_jit_and_grad_equal_linen():
  ours, params, x = _net_pair()
  want = LinenNet().apply({"params": params}, x)
  np.testing.assert_allclose(nnx.jit(lambda m, x: m(x))(ours, x), want,
                             rtol=1e-5, atol=1e-6)
  want_grads = jax.jit(jax.grad(
      lambda p: jnp.sum(LinenNet().apply({"params": p}, x) ** 2)))(params)
  grads = nnx.jit(nnx.grad(lambda m, x: jnp.sum(m(x) ** 2)))(ours, x)
  got = traverse_util.flatten_dict(nnx.to_pure_dict(grads))
  want_flat = traverse_util.flatten_dict(want_grads)
  assert set(got) == set(want_flat)
  for path in want_flat:
    np.testing.assert_allclose(got[path], want_flat[path], rtol=1e-4,
                               atol=1e-6, err_msg=str(path))


def test_an_optax_free_sgd_step_changes_every_param():
  ours, _, x = _net_pair()
  before = pure_params(ours)

  @nnx.jit
  def step(m, x):
    grads = nnx.grad(lambda m: jnp.sum(m(x) ** 2))(m)
    nnx.update(m, jax.tree.map(lambda p, g: p - 0.01 * g,
                               nnx.state(m, nnx.Param), grads))

  step(ours, x)
  after = pure_params(ours)
  assert all(not np.array_equal(before[k], after[k]) for k in before)


def test_vmap_of_the_call():
  ours, _, x = _net_pair()
  xs = jnp.stack([x[:2], x[2:]])  # (2 groups, 2, 8, 8, 3)
  want = jnp.stack([ours(x[:2]), ours(x[2:])])
  got = nnx.vmap(lambda m, x: m(x), in_axes=(None, 0))(ours, xs)
  np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
  pool = jnnx.MaxPool2d(2, return_indices=True)
  got = jax.vmap(pool)(xs)
  jax.tree.map(np.testing.assert_array_equal, got,
               jax.tree.map(lambda a, b: jnp.stack([a, b]),
                            pool(x[:2]), pool(x[2:])))


def test_nnx_vmap_over_models_gives_an_ensemble():
  """Params with a leading model axis, as nnx.vmap creates them."""
  @nnx.vmap(in_axes=0, out_axes=0)
  def make(key):
    return jnnx.Linear(3, 2, rngs=nnx.Rngs(params=key))

  ensemble = make(jax.random.split(jax.random.key(0), 4))
  assert ensemble.weight.shape == (4, 2, 3)
  x = rand((5, 3))
  got = nnx.vmap(lambda m, x: m(x), in_axes=(0, None))(ensemble, x)
  want = jnp.stack([x @ ensemble.weight[i].T + ensemble.bias[i][None]
                    for i in range(4)])
  np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


# --- live PyTorch, for a representative set -------------------------------


def test_representative_layers_equal_pytorch():
  torch = pytest.importorskip("torch")
  tnn = torch.nn
  x = np.asarray(rand((2, 3, 9, 8), 11))  # NCHW: PyTorch's layout
  tx = torch.tensor(x)
  cases = [
      (tnn.MaxPool2d(3, 2, 1, ceil_mode=True),
       jnnx.MaxPool2d(3, 2, 1, ceil_mode=True, channels_last=False)),
      (tnn.AvgPool2d(3, 2, 1, count_include_pad=False),
       jnnx.AvgPool2d(3, 2, 1, count_include_pad=False, channels_last=False)),
      (tnn.LPPool2d(2, 3, 2),
       jnnx.LPPool2d(2, 3, 2, channels_last=False)),
      (tnn.AdaptiveAvgPool2d((4, 3)),
       jnnx.AdaptiveAvgPool2d((4, 3), channels_last=False)),
      (tnn.AdaptiveMaxPool2d(3),
       jnnx.AdaptiveMaxPool2d(3, channels_last=False)),
      (tnn.GELU(), jnnx.GELU()),
      (tnn.Hardswish(), jnnx.Hardswish()),
      (tnn.Softmax(dim=1), jnnx.Softmax(dim=1)),
      (tnn.RReLU(0.1, 0.3).eval(), jnnx.RReLU(0.1, 0.3, deterministic=True)),
  ]
  for theirs, ours in cases:
    np.testing.assert_allclose(ours(jnp.asarray(x)),
                               theirs(tx).detach().numpy(), rtol=1e-5,
                               atol=1e-6, err_msg=type(ours).__name__)

  with torch.no_grad():
    tp = tnn.PReLU(3)
    tp.weight.copy_(torch.tensor([0.1, -0.2, 0.3]))
  p = jnnx.PReLU(3, channels_last=False)
  p.weight[...] = jnp.asarray(tp.weight.detach().numpy())
  np.testing.assert_allclose(p(jnp.asarray(x)), tp(tx).detach().numpy(),
                             rtol=1e-6)

  torch.manual_seed(0)
  tl, tb = tnn.Linear(8, 5), tnn.Bilinear(8, 4, 3)
  lin = jnnx.Linear(8, 5, rngs=nnx.Rngs(0))
  bil = jnnx.Bilinear(8, 4, 3, rngs=nnx.Rngs(0))
  for ours, theirs in ((lin, tl), (bil, tb)):
    for name, value in theirs.state_dict().items():
      getattr(ours, name)[...] = jnp.asarray(value.numpy())
  a, b = np.asarray(rand((6, 8), 12)), np.asarray(rand((6, 4), 13))
  np.testing.assert_allclose(lin(jnp.asarray(a)),
                             tl(torch.tensor(a)).detach().numpy(),
                             rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(
      bil(jnp.asarray(a), jnp.asarray(b)),
      tb(torch.tensor(a), torch.tensor(b)).detach().numpy(), rtol=1e-5,
      atol=1e-5)
