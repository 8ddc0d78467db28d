"""The Linear, LazyLinear and Bilinear Modules: equal to their functions,
under jit and vmap, PyTorch's default initialisation, init overrides and
their errors. (Every layer is also run in both frameworks by
test_layers.py.)
"""
import flax
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.functional as F
import jaxpool.nn as jnn


def rand(shape, seed=0):
  return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def test_modules_equal_functions():
  x, x2 = jnp.asarray(rand((2, 7, 4), 1)), jnp.asarray(rand((2, 7, 3), 2))
  key = jax.random.key(0)
  lin = jnn.Linear(4, 5)
  p = lin.init(key, x)["params"]
  assert set(p) == {"weight", "bias"} and p["weight"].shape == (5, 4)
  np.testing.assert_array_equal(lin.apply({"params": p}, x),
                                F.linear(x, p["weight"], p["bias"]))
  bil = jnn.Bilinear(4, 3, 6)
  p = bil.init(key, x, x2)["params"]
  assert p["weight"].shape == (6, 4, 3) and p["bias"].shape == (6,)
  np.testing.assert_array_equal(bil.apply({"params": p}, x, x2),
                                F.bilinear(x, x2, p["weight"], p["bias"]))
  assert jnn.Identity().apply({}, x) is x


def test_no_bias_and_declared_in_features():
  x = jnp.ones((2, 4))
  p = jnn.Linear(4, 3, bias=False).init(jax.random.key(0), x)
  assert set(p["params"]) == {"weight"}
  p = jnn.Linear(4, 3, False).init(jax.random.key(0), x)
  assert set(p["params"]) == {"weight"}
  p = jnn.Bilinear(4, 4, 3, False).init(jax.random.key(0), x, x)
  assert set(p["params"]) == {"weight"}
  p = jnn.LazyLinear(3, False).init(jax.random.key(0), x)
  assert set(p["params"]) == {"weight"}


def test_modules_under_jit_and_vmap():
  x = jnp.asarray(rand((5, 4), 1))
  lin = jnn.Linear(4, 3)
  v = lin.init(jax.random.key(0), x)
  eager = lin.apply(v, x)
  np.testing.assert_array_equal(jax.jit(lin.apply)(v, x), eager)
  np.testing.assert_allclose(jax.vmap(lambda xi: lin.apply(v, xi))(x), eager,
                             rtol=1e-6, atol=1e-6)


def _uniform_stats(a, bound):
  a = np.asarray(a, np.float64).ravel()
  assert np.all(np.abs(a) <= bound)
  # Spread close to the bound: the extremes reach it and the std is that of
  # U(-bound, bound), bound / sqrt(3) (n >= 4000, so within a few %).
  assert np.abs(a).max() > 0.98 * bound
  np.testing.assert_allclose(a.std(), bound / np.sqrt(3), rtol=0.05)
  assert abs(a.mean()) < 0.05 * bound


def test_linear_default_init_is_pytorchs_uniform():
  fan_in = 64
  p = jnn.Linear(fan_in, 256).init(
      jax.random.key(1), jnp.ones((1, fan_in)))["params"]
  _uniform_stats(p["weight"], 1 / np.sqrt(fan_in))
  # The bias has the same bound; with 256 samples, check range and extremes.
  b = np.asarray(p["bias"])
  assert np.all(np.abs(b) <= 1 / 8) and np.abs(b).max() > 0.9 / 8
  assert not np.allclose(b, 0)


def test_bilinear_default_init_uses_in1_only():
  in1, in2 = 16, 4  # bound 1/4 (from in1), not 1/8 (in1 * in2) or 1/2 (in2)
  p = jnn.Bilinear(in1, in2, 128).init(jax.random.key(2), jnp.ones((1, in1)),
                             jnp.ones((1, in2)))["params"]
  _uniform_stats(p["weight"], 1 / np.sqrt(in1))
  b = np.asarray(p["bias"])
  assert np.all(np.abs(b) <= 0.25) and np.abs(b).max() > 0.2


def test_zero_in_features_init():
  p = jnn.Linear(0, 3).init(jax.random.key(0), jnp.ones((2, 0)))["params"]
  assert p["weight"].shape == (3, 0)
  np.testing.assert_array_equal(p["bias"], 0)  # PyTorch's bound 0


def test_init_overrides():
  x = jnp.ones((2, 4))
  p = jnn.Linear(4, 3, kernel_init=nn.initializers.constant(0.5),
                 bias_init=nn.initializers.ones).init(jax.random.key(0), x)
  np.testing.assert_array_equal(p["params"]["weight"], np.full((3, 4), 0.5))
  np.testing.assert_array_equal(p["params"]["bias"], np.ones(3))
  p = jnn.Bilinear(4, 4, 2, kernel_init=nn.initializers.zeros,
                   bias_init=nn.initializers.constant(2.0)).init(
                       jax.random.key(0), x, x)
  np.testing.assert_array_equal(p["params"]["weight"], 0)
  np.testing.assert_array_equal(p["params"]["bias"], [2.0, 2.0])
  # The documented axes make Flax's fan-based initializers see fan_in = in.
  init = nn.initializers.lecun_normal(in_axis=-1, out_axis=-2)
  w = jnn.LazyLinear(4000, kernel_init=init).init(
      jax.random.key(1), jnp.ones((1, 16)))["params"]["weight"]
  np.testing.assert_allclose(np.std(w), 1 / 4, rtol=0.05)


def test_module_errors():
  x = jnp.ones((2, 3))
  key = jax.random.key(0)
  with pytest.raises(ValueError, match=r"Linear: in_features=4 but the "
                     r"input's last dimension is 3 \(input shape \(2, 3\)\)"):
    jnn.Linear(4, 5).init(key, x)

  class Net(nn.Module):
    @nn.compact
    def __call__(self, x):
      return jnn.Linear(2, 5, name="fc1")(x)

  with pytest.raises(ValueError, match=r"Linear 'fc1': in_features=2 but"):
    Net().init(key, x)
  with pytest.raises(ValueError, match=r"Bilinear: in2_features=7 but the "
                     r"x2's last dimension is 3"):
    jnn.Bilinear(3, 7, 5).init(key, x, x)
  # Sizes and bias are checked when the Module is built, not at init.
  with pytest.raises(ValueError, match=r"Linear: out_features=-1 must be "
                     "non-negative"):
    jnn.Linear(3, -1)
  with pytest.raises(TypeError, match=r"Linear: out_features=2.0 must be an "
                     "int"):
    jnn.Linear(3, 2.0)
  with pytest.raises(TypeError, match=r"Bilinear: in1_features='3' must be "
                     "an int"):
    jnn.Bilinear("3", 3, 2)
  with pytest.raises(TypeError, match=r"Linear: bias=1 must be a bool"):
    jnn.Linear(3, 2, bias=1)
  with pytest.raises(TypeError, match=r"LazyLinear: out_features=None must "
                     "be an int"):
    jnn.LazyLinear(None)
  with pytest.raises(ValueError, match=r"Linear: input has shape \(\) \(rank "
                     "0\\)"):
    jnn.Linear(1, 2).init(key, jnp.float32(1))
  with pytest.raises(ValueError, match=r"LazyLinear: input has shape \(\)"):
    jnn.LazyLinear(2).init(key, jnp.float32(1))


def test_lazy_linear_is_the_old_inferred_input_linear():
  """LazyLinear(out) == the former Linear(out): same params (names, shapes,
  values for one key) and outputs as Linear(in, out) with the size given."""
  x = jnp.asarray(rand((3, 6), 1))
  key = jax.random.key(4)
  lazy = jnn.LazyLinear(5).init(key, x)
  eager = jnn.Linear(6, 5).init(key, x)
  jax.tree.map(np.testing.assert_array_equal, lazy, eager)
  np.testing.assert_array_equal(jnn.LazyLinear(5).apply(lazy, x),
                                jnn.Linear(6, 5).apply(eager, x))
  # The inferred size is fixed by the params afterwards (Flax's own error, as
  # for nn.Dense).
  with pytest.raises(flax.errors.ScopeParamShapeError):
    jnn.LazyLinear(5).apply(lazy, jnp.ones((3, 7)))
  # Flax's clone (used by every transform) keeps the wrapped constructor.
  lin = jnn.Linear(6, 5, bias=False, name="fc")
  assert lin.clone().bias is False and lin.clone().name == "fc"
  np.testing.assert_array_equal(
      jax.jit(jnn.LazyLinear(5).apply)(lazy, x), jnn.LazyLinear(5).apply(lazy, x))
