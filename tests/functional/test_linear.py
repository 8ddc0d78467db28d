"""F.linear and F.bilinear against NumPy references written from PyTorch's
definitions (``x @ W.T + b``; ``y_k = x1 W_k x2 + b_k``), under jit, vmap and
grad, in float16/bfloat16/float32, and their errors.

The live comparison with PyTorch is in test_linear_torch.py.
"""
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


BILINEAR_CASES = [
    ((3, 4), (3, 6), (5, 4, 6), (5,)),
    ((2, 3, 4), (2, 3, 6), (5, 4, 6), (5,)),
    ((4,), (6,), (5, 4, 6), (5,)),    # unbatched
    ((3, 2), (3, 2), (1, 2, 2), None),
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
