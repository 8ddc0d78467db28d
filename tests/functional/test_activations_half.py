"""Every elementwise activation at every float16 and bfloat16 value, against
live PyTorch (CPU).

PyTorch computes 16-bit activations in float32 and rounds once; so does
jaxpool (``activations/compute.py``), so the results are PyTorch's bit for
bit, except:

- Smooth activations (exp, log, erf, tanh inside) may differ by one 16-bit
  ulp where the float32 kernels round differently (XLA's against libm's or
  Sleef's; PyTorch's own results differ so between its CPU kernels).
- The exact GELU: PyTorch's ``x * 0.5 * (1 + erf(x / sqrt(2)))`` cancels in
  the negative tail, off the exact value by up to ``2**-24 * |x|`` in
  float32; jaxpool's ``erfc`` form does not (``docs/porting.md``).
- Float32 subnormals: XLA:CPU flushes them to zero, inputs, results and
  intermediate values alike, so subnormal inputs or results, and zeros of
  jaxpool's where PyTorch's result is below 2**-100, are skipped. And GELU
  beyond 1e38, where PyTorch's oneDNN kernel (more than one element)
  overflows to inf and its one-element kernel does not.
- Where PyTorch's result depends on its CPU kernels (``ATEN_CPU_CAPABILITY``:
  ``default``, ``avx2``, ``avx512``), both recorded results are accepted
  (``tests/support/golden/activation_half_isa.npz``, from
  ``tools/golden/record_activation_half_isa.py``), so the test passes
  whichever kernels PyTorch runs.

Signed zeros are not compared (as ``activation_cases.tolerance``).
"""

from __future__ import annotations

import os

import jax
import jax.numpy as jnp
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jaxpool.functional as F  # noqa: E402
from tests.support import activation_cases as C  # noqa: E402

TF = torch.nn.functional
DTYPES = ("float16", "bfloat16")
GOLDEN = os.path.join(os.path.dirname(__file__), "..", "support", "golden",
                      "activation_half_isa.npz")
# Activations whose value is a comparison, clamp, product or quotient of
# the input and constants: PyTorch's bit for bit.
EXACT = ("relu", "relu6", "leaky_relu", "rrelu", "hardtanh", "hardswish",
         "hardsigmoid", "softshrink", "hardshrink", "threshold", "softsign")
TINY = float(np.finfo(np.float32).tiny)


def every_value(dtype: str) -> np.ndarray:
  return np.arange(1 << 16, dtype=np.uint16).view(jnp.dtype(dtype))


def ordinal(v: np.ndarray, dtype: str) -> np.ndarray:
  """Bit patterns in value order (adjacent values differ by 1)."""
  b = v.astype(jnp.dtype(dtype)).view(np.int16).astype(np.int64)
  return np.where(b < 0, -32768 - b, b)


def _jaxpool_outputs(dtype: str) -> dict:
  x = jnp.asarray(every_value(dtype))

  def run(x):
    return {name: getattr(F, op)(x, **kw).astype(jnp.float32)
            for name, op, kw, _ in C.ELEMENTWISE}
  return jax.device_get(jax.jit(run)(x))


def _torch_output(dtype: str, op: str, kw: dict) -> np.ndarray:
  bits = np.arange(1 << 16, dtype=np.uint16).view(np.int16)
  x = torch.from_numpy(bits).view(getattr(torch, dtype))
  return getattr(TF, op)(x, **kw).float().numpy()


@pytest.fixture(scope="module")
def golden():
  with np.load(GOLDEN) as data:
    return {k: data[k] for k in data.files}


@pytest.fixture(scope="module", params=DTYPES)
def results(request):
  return request.param, _jaxpool_outputs(request.param)


def _references(dtype, name, op, kw, golden):
  """PyTorch's result per input, and at ISA-dependent inputs the other
  kernels' too: a list of float32 arrays."""
  live = _torch_output(dtype, op, kw)
  refs = [live]
  bits = golden[f"{dtype}/{name}/bits"].astype(np.int64)
  for cap in ("default", "avx2"):
    other = live.copy()
    other[bits] = golden[f"{dtype}/{name}/{cap}"]
    refs.append(other)
  return refs


@pytest.mark.parametrize("case", C.ELEMENTWISE, ids=[c[0] for c in
                                                     C.ELEMENTWISE])
def test_every_half_value_matches_pytorch(case, results, golden):
  dtype, outputs = results
  name, op, kw, _ = case
  got = outputs[name]
  x = every_value(dtype).astype(np.float32)
  refs = _references(dtype, name, op, kw, golden)
  with np.errstate(invalid="ignore"):
    skip = (np.abs(x) < TINY) & (x != 0)
    for v in [got] + refs:
      skip |= (np.abs(v) < TINY) & (v != 0)
    if op == "gelu" and not kw:
      skip |= np.abs(x) > 1e38
    ok = skip.copy()
    for ref in refs:
      # A float32 subnormal on the way (mish's softplus at -87.5): flushed.
      ok |= (got == 0) & (np.abs(ref) < 2.0**-100)
      ok |= (got == ref) | (np.isnan(got) & np.isnan(ref))
      if not op.startswith(EXACT):
        finite = np.isfinite(got) & np.isfinite(ref)
        ok |= finite & (np.abs(ordinal(got, dtype) - ordinal(ref, dtype))
                        <= 1)
        if op == "gelu" and not kw:
          ok |= finite & (np.abs(got - ref) <= 2.0**-23 * np.abs(x))
  bad = np.flatnonzero(~ok)
  assert not bad.size, (
      f"{name} [{dtype}]: {bad.size} inputs differ, e.g. x = "
      f"{x[bad[:4]].tolist()}: got {got[bad[:4]].tolist()}, PyTorch "
      f"{refs[0][bad[:4]].tolist()}")


def test_the_issues_example():
  """The tanh GELU's tail: XLA:CPU's float32 tanh is -1 from -7.9, where
  PyTorch's is -0.99999994, so 1 + tanh kept no value (-0.0 for -1.5e-7)."""
  x = jnp.array([-5.03125], jnp.bfloat16)
  want = TF.gelu(torch.tensor([-5.03125], dtype=torch.bfloat16),
                 approximate="tanh").float().numpy()
  got = np.asarray(F.gelu(x, approximate="tanh").astype(jnp.float32))
  np.testing.assert_array_equal(got, want)
  assert got[0] < 0


def test_the_golden_isa_file_covers_every_case(golden):
  for dtype in DTYPES:
    for name, _, _, _ in C.ELEMENTWISE:
      assert f"{dtype}/{name}/bits" in golden, (dtype, name)
  assert str(golden["torch_version"]).startswith("2.")
