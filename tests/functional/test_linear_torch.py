"""Live differential tests of F.linear and F.bilinear against
``torch.nn.functional`` (values and gradients; float32, float16, bfloat16).

Skipped when PyTorch is not installed.
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.functional as F  # noqa: E402

TF = torch.nn.functional
TORCH_DTYPE = {jnp.float32: torch.float32, jnp.float16: torch.float16,
               jnp.bfloat16: torch.bfloat16}


def rand(shape, seed):
  return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def to_np(t):
  return t.detach().float().numpy()


@pytest.mark.parametrize("xs,ws,bs", [
    ((6, 5), (3, 5), (3,)),
    ((2, 4, 5), (3, 5), None),
    ((5,), (3, 5), (3,)),
    ((6, 5), (5,), None),
    ((6, 5), (3, 5), (6, 3)),
])
def test_linear_values_and_gradients(xs, ws, bs):
  x, w = rand(xs, 1), rand(ws, 2)
  b = None if bs is None else rand(bs, 3)
  tx, tw = (torch.tensor(a, requires_grad=True) for a in (x, w))
  tb = None if b is None else torch.tensor(b, requires_grad=True)
  ty = TF.linear(tx, tw, tb)
  cot = rand(tuple(ty.shape), 4)
  (ty * torch.tensor(cot)).sum().backward()
  y, vjp = jax.vjp(F.linear, x, w, b)
  np.testing.assert_allclose(y, to_np(ty), rtol=1e-5, atol=1e-5)
  gx, gw, gb = vjp(jnp.asarray(cot))
  np.testing.assert_allclose(gx, to_np(tx.grad), rtol=1e-5, atol=1e-5)
  np.testing.assert_allclose(gw, to_np(tw.grad), rtol=1e-5, atol=1e-5)
  if b is not None:
    np.testing.assert_allclose(gb, to_np(tb.grad), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", [jnp.float16, jnp.bfloat16, jnp.float32])
def test_linear_dtypes(dtype):
  # Same rounded inputs on both sides; half-precision products accumulate in
  # float32 and round once, as PyTorch's CPU kernels: (nearly) bitwise.
  tdt = TORCH_DTYPE[dtype]
  tx, tw, tb = (torch.tensor(rand(s, i)).to(tdt)
                for i, s in enumerate([(16, 64), (9, 64), (9,)]))
  ty = TF.linear(tx, tw, tb)
  y = F.linear(*(jnp.asarray(to_np(t), dtype) for t in (tx, tw, tb)))
  assert y.dtype == dtype
  ulp = {jnp.float16: 2 ** -10, jnp.bfloat16: 2 ** -7, jnp.float32: 1e-5}
  np.testing.assert_allclose(np.asarray(y, np.float32), to_np(ty),
                             rtol=ulp[dtype], atol=ulp[dtype])


@pytest.mark.parametrize("x1s,x2s", [((6, 4), (6, 3)), ((2, 3, 4), (2, 3, 3)),
                                     ((4,), (3,))])
def test_bilinear_values_and_gradients(x1s, x2s):
  x1, x2, w, b = rand(x1s, 1), rand(x2s, 2), rand((5, 4, 3), 3), rand((5,), 4)
  tensors = [torch.tensor(a, requires_grad=True) for a in (x1, x2, w, b)]
  ty = TF.bilinear(*tensors)
  cot = rand(tuple(ty.shape), 5)
  (ty * torch.tensor(cot)).sum().backward()
  y, vjp = jax.vjp(F.bilinear, x1, x2, w, b)
  np.testing.assert_allclose(y, to_np(ty), rtol=1e-5, atol=1e-5)
  for g, t in zip(vjp(jnp.asarray(cot)), tensors):
    np.testing.assert_allclose(g, to_np(t.grad), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", [jnp.float16, jnp.bfloat16])
def test_bilinear_half_precision_is_at_least_as_accurate(dtype):
  # PyTorch rounds the intermediate x1 @ W_k to the input dtype; jaxpool
  # keeps it in float32, so it is never further from the exact result.
  tdt = TORCH_DTYPE[dtype]
  ts = [torch.tensor(rand(s, i)).to(tdt)
        for i, s in enumerate([(32, 16), (32, 8), (4, 16, 8), (4,)])]
  x1, x2, w = (to_np(t).astype(np.float64) for t in ts[:3])
  exact = np.einsum("ni,oij,nj->no", x1, w, x2) + to_np(ts[3])
  y = F.bilinear(*(jnp.asarray(to_np(t), dtype) for t in ts))
  assert y.dtype == dtype
  ours = np.abs(np.asarray(y, np.float64) - exact).max()
  theirs = np.abs(to_np(TF.bilinear(*ts)).astype(np.float64) - exact).max()
  assert ours <= theirs
  np.testing.assert_allclose(np.asarray(y, np.float32), exact,
                             rtol=0, atol=2 ** -6 * np.abs(exact).max())
