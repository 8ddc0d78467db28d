"""jaxpool's linear layers against NumPy references written from PyTorch's
definitions (``x @ W.T + b``; ``y_k = x1 W_k x2 + b_k``), under jit, vmap and
grad, in float16/bfloat16/float32, plus init distributions and errors.

The live comparison with PyTorch is in test_linear_torch.py.
"""

import flax
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.test_util import check_grads

import jaxpool.functional as F
import jaxpool.nn as jnn


def rand(shape, seed=0):
  return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def ref_linear(x, w, b=None):
  y = np.asarray(x, np.float64) @ np.asarray(w, np.float64).T
  return y if b is None else y + np.asarray(b, np.float64)


def ref_bilinear(x1, x2, w, b=None):
  y = np.einsum("...i,oij,...j->...o", np.asarray(x1, np.float64),
                np.asarray(w, np.float64), np.asarray(x2, np.float64))
  return y if b is None else y + np.asarray(b, np.float64)


# (input shape, weight shape, bias shape or None)
LINEAR_CASES = [
    ((3, 4), (5, 4), (5,)),
    ((2, 3, 4), (5, 4), (5,)),        # extra leading dims
    ((4,), (5, 4), (5,)),             # unbatched
    ((3, 4), (5, 4), None),
    ((3, 4), (4,), None),             # 1-d weight: no feature axis out
    ((3, 4), (5, 4), (3, 5)),         # bias broadcasts to the output (addmm)
    ((3, 4), (5, 4), ()),
    ((0, 4), (5, 4), (5,)),           # empty batch
    ((3, 0), (5, 0), (5,)),           # no input features: y = b
]


@pytest.mark.parametrize("xs,ws,bs", LINEAR_CASES)
def test_linear_matches_reference_eager_and_jit(xs, ws, bs):
  x, w = rand(xs, 1), rand(ws, 2)
  b = None if bs is None else rand(bs, 3)
  want = ref_linear(x, w, b)
  eager = F.linear(x, w, b)
  jitted = jax.jit(F.linear)(x, w, b)
  assert eager.shape == want.shape and eager.dtype == jnp.float32
  np.testing.assert_allclose(eager, want, rtol=1e-5, atol=1e-5)
  np.testing.assert_array_equal(jitted, eager)


BILINEAR_CASES = [
    ((3, 4), (3, 6), (5, 4, 6), (5,)),
    ((2, 3, 4), (2, 3, 6), (5, 4, 6), (5,)),
    ((4,), (6,), (5, 4, 6), (5,)),    # unbatched
    ((3, 2), (3, 2), (1, 2, 2), None),
]


@pytest.mark.parametrize("x1s,x2s,ws,bs", BILINEAR_CASES)
def test_bilinear_matches_reference_eager_and_jit(x1s, x2s, ws, bs):
  x1, x2, w = rand(x1s, 1), rand(x2s, 2), rand(ws, 3)
  b = None if bs is None else rand(bs, 4)
  want = ref_bilinear(x1, x2, w, b)
  eager = F.bilinear(x1, x2, w, b)
  jitted = jax.jit(F.bilinear)(x1, x2, w, b)
  assert eager.shape == want.shape and eager.dtype == jnp.float32
  np.testing.assert_allclose(eager, want, rtol=1e-5, atol=1e-5)
  np.testing.assert_allclose(jitted, eager, rtol=1e-6, atol=1e-6)


def test_vmap_equals_batched_call():
  x, x2 = rand((6, 4), 1), rand((6, 3), 2)
  w, w3, b = rand((5, 4), 3), rand((2, 4, 3), 4), rand((5,), 5)
  np.testing.assert_allclose(
      jax.vmap(lambda xi: F.linear(xi, w, b))(x), F.linear(x, w, b),
      rtol=1e-6, atol=1e-6)
  np.testing.assert_allclose(
      jax.vmap(lambda a, c: F.bilinear(a, c, w3))(x, x2),
      F.bilinear(x, x2, w3), rtol=1e-6, atol=1e-6)
  # vmap over the weights too (an ensemble of layers).
  ws = rand((3, 5, 4), 6)
  np.testing.assert_allclose(
      jax.vmap(lambda wi: F.linear(x, wi))(ws),
      np.stack([F.linear(x, wi) for wi in ws]), rtol=1e-6, atol=1e-6)


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


def test_check_grads():
  with jax.enable_x64(True):
    x = jnp.asarray(rand((3, 4), 1), jnp.float64)
    w = jnp.asarray(rand((5, 4), 2), jnp.float64)
    b = jnp.asarray(rand((5,), 3), jnp.float64)
    check_grads(F.linear, (x, w, b), order=2, modes=("fwd", "rev"))
    x2 = jnp.asarray(rand((3, 2), 4), jnp.float64)
    w3 = jnp.asarray(rand((2, 4, 2), 5), jnp.float64)
    check_grads(F.bilinear, (x, x2, w3, b[:2]), order=1,
                modes=("fwd", "rev"))


@pytest.mark.parametrize("dtype", [jnp.float16, jnp.bfloat16, jnp.float32])
def test_dtypes(dtype):
  x = jnp.asarray(rand((3, 8), 1), dtype)
  w = jnp.asarray(rand((5, 8), 2), dtype)
  b = jnp.asarray(rand((5,), 3), dtype)
  y = F.linear(x, w, b)
  assert y.dtype == dtype
  # float32 accumulation of the same (rounded) values, rounded once.
  want = ref_linear(np.asarray(x, np.float32), np.asarray(w, np.float32),
                    np.asarray(b, np.float32))
  tol = {jnp.float16: 2e-3, jnp.bfloat16: 1e-2, jnp.float32: 1e-5}[dtype]
  np.testing.assert_allclose(np.asarray(y, np.float32), want, rtol=tol,
                             atol=tol)
  w3 = jnp.asarray(rand((2, 8, 8), 4), dtype)
  y = F.bilinear(x, x, w3, b[:2])
  assert y.dtype == dtype
  want = ref_bilinear(np.asarray(x, np.float32), np.asarray(x, np.float32),
                      np.asarray(w3, np.float32), np.asarray(b[:2], np.float32))
  np.testing.assert_allclose(np.asarray(y, np.float32), want,
                             rtol=4 * tol, atol=4 * tol * np.abs(want).max())
  # Modules: params in param_dtype; dtype casts the computation.
  v = jnn.Linear(8, 5, param_dtype=dtype).init(jax.random.key(0), x)
  assert v["params"]["weight"].dtype == dtype
  assert jnn.Linear(8, 5, param_dtype=dtype).apply(v, x).dtype == dtype
  x32 = x.astype(jnp.float32)
  lin = jnn.Linear(8, 5, dtype=dtype)  # float32 params, computed in dtype
  v = lin.init(jax.random.key(0), x32)
  assert v["params"]["weight"].dtype == jnp.float32
  assert lin.apply(v, x32).dtype == dtype


def test_precision_argument():
  x, w = rand((3, 4), 1), rand((5, 4), 2)
  y = F.linear(x, w, precision="highest")
  np.testing.assert_allclose(y, ref_linear(x, w), rtol=1e-6, atol=1e-6)
  v = jnn.Linear(4, 5, precision=jax.lax.Precision.HIGHEST).init(
      jax.random.key(0), x)
  assert v["params"]["weight"].shape == (5, 4)


# ---------------------------------------------------------------- errors --

@pytest.mark.parametrize("args,match", [
    ((np.float32(1), np.ones((2, 1), np.float32)),
     r"linear: input has shape \(\) \(rank 0\)"),
    ((np.ones((2, 4), np.float32), np.ones((1, 2, 4), np.float32)),
     r"linear: weight has shape \(1, 2, 4\) \(rank 3\)"),
    ((np.ones((2, 4), np.float32), np.ones((3, 5), np.float32)),
     r"linear: input has shape \(2, 4\), whose last dimension 4 does not "
     r"match weight's in_features=5"),
    ((np.ones((2, 4), np.float32), np.ones((3, 4), np.float32),
      np.ones(4, np.float32)),
     r"linear: bias has shape \(4,\); expected \(3,\)"),
])
def test_linear_errors(args, match):
  with pytest.raises(ValueError, match=match):
    F.linear(*args)


def test_linear_type_errors():
  with pytest.raises(TypeError, match="linear: weight of type object is not"):
    F.linear(np.ones((2, 4), np.float32), object())
  # Strict promotion (conftest) makes mixed dtypes an error: a clear one.
  with pytest.raises(TypeError, match=r"linear: input dtype=float16, weight "
                     r"dtype=float32 cannot be promoted"):
    F.linear(jnp.ones((2, 4), jnp.float16), jnp.ones((3, 4), jnp.float32))
  with pytest.raises(TypeError, match=r"bilinear: .*bias dtype=bfloat16"):
    F.bilinear(jnp.ones((2, 4)), jnp.ones((2, 4)), jnp.ones((3, 4, 4)),
               jnp.ones(3, jnp.bfloat16))


@pytest.mark.parametrize("shapes,match", [
    (((), (3,), (2, 1, 3), None), r"bilinear: input1 has shape \(\) \(rank 0"),
    (((2, 3), (2, 3), (2, 3), None), r"weight has shape \(2, 3\) \(rank 2\)"),
    (((2, 4), (2, 3), (2, 3, 3), None),
     r"input1 has shape \(2, 4\), whose last dimension 4 does not match "
     r"weight's in1_features=3"),
    (((2, 3), (2, 5), (2, 3, 3), None),
     r"input2 has shape \(2, 5\), whose last dimension 5 does not match "
     r"weight's in2_features=3"),
    (((1, 3), (2, 3), (2, 3, 3), None),
     r"input1 has shape \(1, 3\) and input2 has shape \(2, 3\); expected the "
     r"same leading"),
    (((2, 3), (2, 3), (2, 3, 3), ()), r"bias has shape \(\); expected \(2,\)"),
])
def test_bilinear_errors(shapes, match):
  arrays = [None if s is None else np.ones(s, np.float32) for s in shapes]
  with pytest.raises(ValueError, match=match):
    F.bilinear(*arrays)


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
