"""Live differential tests of jaxpool's activations against PyTorch (CPU).

The cases of ``tests/support/activation_cases.py`` (every activation, special
inputs, three dtypes, prelu and Softmax2d in both layouts) are computed by
``torch_case`` of the golden recorder and by jaxpool, values and gradients.
Also: RReLU in eval mode through the Modules, Module construction defaults,
and the errors PyTorch raises for the same bad arguments. Skipped when
PyTorch is not installed.
"""

from __future__ import annotations


import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.functional as F  # noqa: E402
import jaxpool.nn as jnn  # noqa: E402
from tests.support import activation_cases as C  # noqa: E402
from tests.support import activation_check  # noqa: E402
from tools.golden import record_activation_golden as rec  # noqa: E402

TF = torch.nn.functional
torch.set_num_threads(1)

CASES = C.all_cases()
INF = float("inf")
NAN = float("nan")


def _results(dtype: str) -> dict:
  return activation_check.cached_results(CASES, dtype)


@pytest.mark.parametrize("dtype", C.DTYPES)
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_matches_pytorch(case, dtype):
  """PyTorch's results, except where PyTorch disagrees with itself with the
  CPU's vector ISA (``rec.PATH_DEPENDENT``: GELU at +inf and -3, NaN and
  -0.00405022 from oneDNN's AVX-512 kernel, +inf and -0.0040497 elsewhere),
  whose expected outputs are the float64 definition; and NaN-input
  gradients, from PyTorch's scalar loop (see the recorder)."""
  expected = rec.torch_case(case, dtype)
  for layout in activation_check.layouts(case):
    got = _results(dtype)[(case["name"], layout)]
    activation_check.assert_matches(case["name"], dtype, got, expected,
                                    layout)


@pytest.mark.parametrize("op, kw", C.ELU_TAIL,
                         ids=[f"{op}{kw.get('alpha', '')}" for op, kw in
                              C.ELU_TAIL])
def test_elu_family_gradient_in_the_exponential_tail(op, kw):
  """PyTorch's elu_backward multiplies by exp(x * input_scale), so no
  cancellation at very negative x. Subnormal derivatives are compared with
  an absolute tolerance of float32's smallest normal: XLA's CPU flushes them
  to zero, PyTorch keeps them."""
  x = np.array(C.ELU_TAIL_X, np.float32)
  t = torch.tensor(x, requires_grad=True)
  (want,) = torch.autograd.grad(getattr(TF, op)(t, **kw).sum(), t)
  got = jax.vmap(jax.grad(lambda v: getattr(F, op)(v, **kw)))(jnp.asarray(x))
  np.testing.assert_allclose(got, want.numpy(), rtol=1e-6,
                             atol=float(np.finfo(np.float32).tiny))
  assert float(got[0]) > 0 and float(want[0]) > 0


@pytest.mark.parametrize("op, kw", [
    ("logsigmoid", {}), ("elu", {}), ("elu", {"alpha": -1.0}), ("selu", {}),
    ("celu", {"alpha": -0.5}), ("softplus", {}), ("sigmoid", {}),
    ("tanh", {}), ("silu", {}), ("mish", {}), ("gelu", {}),
    ("gelu", {"approximate": "tanh"}), ("hardsigmoid", {}),
    ("softsign", {}), ("tanhshrink", {}), ("leaky_relu", {}),
])
def test_special_values_and_signed_zeros(op, kw):
  """Values at +-inf, NaN, +-0 and +-3e38 against PyTorch's scalar path
  (one-element tensors), NaN-ness and the sign bit included. Not here:
  subnormal inputs (XLA's CPU flushes them to zero), relu/relu6/hardtanh
  at -0 (README: signed zeros), softshrink inside its interval (PyTorch's
  scalar loop gives -0 for x < 0, its vectorised loop +0) and
  hardswish(3e38) (PyTorch overflows to inf)."""
  x = np.array([INF, -INF, NAN, 0.0, -0.0, 3e38, -3e38], np.float32)
  want = np.array([float(getattr(TF, op)(torch.tensor(x[i:i + 1]), **kw)[0])
                   for i in range(x.size)], np.float32)
  got = np.asarray(getattr(F, op)(jnp.asarray(x), **kw))
  np.testing.assert_allclose(got, want, rtol=1e-6, atol=0, equal_nan=True)
  # A NaN's sign bit is not part of either library's contract.
  keep = ~np.isnan(want)
  np.testing.assert_array_equal(np.signbit(got[keep]), np.signbit(want[keep]),
                                err_msg=f"{op}{kw}: sign bits of {got}")


# torch.backends.mkldnn.flags also sets an unrelated TF32 flag, which warns.
@pytest.mark.filterwarnings("ignore:TF32 acceleration on top of oneDNN")
def test_gelu_path_dependent_points_follow_pytorch_aten_kernels():
  """The points that test_matches_pytorch takes from the definition: ATen's
  own GELU kernels (oneDNN off; one-element calls never use oneDNN) agree
  with the definition there under every ATEN_CPU_CAPABILITY, and so does
  jaxpool."""
  points, definition = rec.PATH_DEPENDENT[("gelu", "{}")]
  x = np.array(points * 16, np.float32)
  want = np.array([definition(float(v)) for v in x], np.float32)
  with torch.backends.mkldnn.flags(enabled=False):
    long = TF.gelu(torch.tensor(x)).numpy()
  one = np.array([float(TF.gelu(torch.tensor(x[i:i + 1]))[0])
                  for i in range(len(points))], np.float32)
  tol = C.tolerance("gelu", "float32", "value")
  np.testing.assert_allclose(long, want, **tol)
  np.testing.assert_allclose(one, want[:len(points)], **tol)
  np.testing.assert_allclose(F.gelu(jnp.asarray(x)), want, **tol)


def test_nan_gradient_depends_on_pytorch_kernel_path():
  """Why the recorder takes NaN gradients from one-element calls: PyTorch's
  vectorised CPU loop and its scalar loop disagree at NaN inputs."""
  long = torch.full((32,), float("nan"), requires_grad=True)
  one = torch.full((1,), float("nan"), requires_grad=True)
  TF.hardtanh(long).sum().backward()
  TF.hardtanh(one).sum().backward()
  assert float(long.grad[0]) == 0.0 and float(one.grad[0]) == 1.0
  g = jax.grad(lambda v: F.hardtanh(v).sum())(jnp.full((32,), jnp.nan))
  np.testing.assert_array_equal(g, 1.0)


def test_rrelu_eval_module_matches_pytorch():
  x = C.elementwise_input("rrelu_module")
  m = torch.nn.RReLU(0.2, 0.4).eval()
  got = jnn.RReLU(0.2, 0.4, deterministic=True).apply({}, jnp.asarray(x))
  np.testing.assert_allclose(got, m(torch.tensor(x)).numpy(), rtol=1e-6,
                             atol=1e-7, equal_nan=True)


def test_rrelu_training_distribution_matches_pytorch():
  """Same law: x * U(lower, upper) for x <= 0, x otherwise."""
  x = -np.ones(20000, np.float32)
  t = TF.rrelu(torch.tensor(x), 0.1, 0.5, training=True).numpy()
  j = np.asarray(F.rrelu(jnp.asarray(x), 0.1, 0.5, training=True,
                         key=jax.random.key(3)))
  for s in (-t, -j):
    assert 0.1 <= s.min() and s.max() <= 0.5
  np.testing.assert_allclose(np.quantile(-j, [0.1, 0.5, 0.9]),
                             np.quantile(-t, [0.1, 0.5, 0.9]), atol=0.01)


@pytest.mark.parametrize("name", [
    "ReLU", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "ELU", "SELU", "CELU",
    "GELU", "SiLU", "Mish", "Sigmoid", "Tanh", "Hardtanh", "Hardswish",
    "Hardsigmoid", "Softplus", "Softsign", "Softshrink", "Hardshrink",
    "Tanhshrink", "GLU", "LogSigmoid", "Softmax", "LogSoftmax", "Softmin"])
def test_module_defaults_match_pytorch(name):
  """Every hyper-parameter default of the Modules is PyTorch's."""
  tm = getattr(torch.nn, name)()
  jm = getattr(jnn, name)()
  renamed = {"init": "init_value"}
  for field in ("negative_slope", "lower", "upper", "alpha", "approximate",
                "min_val", "max_val", "beta", "threshold", "lambd", "dim",
                "num_parameters", "init"):
    if name == "ReLU6":  # a Hardtanh(0, 6) subclass in PyTorch
      break
    if hasattr(tm, field) and not isinstance(getattr(tm, field), torch.Tensor):
      assert getattr(jm, renamed.get(field, field)) == getattr(tm, field), (
          name, field)
  if name == "PReLU":
    assert jm.init_value == 0.25 and jm.num_parameters == 1


@pytest.mark.parametrize("torch_call, jax_call", [
    (lambda x: TF.celu(x, 0.0), lambda x: F.celu(x, 0.0)),
    (lambda x: TF.hardtanh(x, 1.0, -1.0), lambda x: F.hardtanh(x, 1.0, -1.0)),
    (lambda x: TF.softshrink(x, -0.5), lambda x: F.softshrink(x, -0.5)),
    (lambda x: TF.rrelu(x, 0.5, 0.1), lambda x: F.rrelu(x, 0.5, 0.1)),
    (lambda x: TF.gelu(x, approximate="erf"),
     lambda x: F.gelu(x, approximate="erf")),
    (lambda x: TF.glu(x[:, :3]), lambda x: F.glu(x[:, :3])),
    (lambda x: TF.glu(x, 2), lambda x: F.glu(x, 2)),
    (lambda x: TF.glu(x[0, 0]), lambda x: F.glu(x[0, 0])),
    (lambda x: TF.softmax(x, 2), lambda x: F.softmax(x, 2)),
    (lambda x: TF.prelu(x, torch.ones(3)), lambda x: F.prelu(
        x, jnp.ones(3), channels_last=False)),
    (lambda x: TF.prelu(x, torch.ones((2, 1))), lambda x: F.prelu(
        x, jnp.ones((2, 1)), channels_last=False)),
    (lambda x: torch.nn.Softmax2d()(x), lambda x: F.softmax2d(x)),
])
def test_errors_where_pytorch_errors(torch_call, jax_call):
  x = np.ones((2, 4), np.float32)
  with pytest.raises(Exception):
    torch_call(torch.tensor(x))
  with pytest.raises((ValueError, TypeError)):
    jax_call(jnp.asarray(x))


def test_pytorch_quirks_that_jaxpool_does_not_follow():
  """Documented differences: PyTorch's softplus overflows to inf (and a NaN
  gradient) for beta * x above ~88 under a larger threshold, and beta = 0
  gives inf; jaxpool stays finite and rejects beta = 0."""
  x = torch.tensor([95.0], requires_grad=True)
  y = TF.softplus(x, 1.0, 100.0)
  y.backward()
  assert torch.isinf(y).all() and torch.isnan(x.grad).all()
  assert torch.isinf(TF.softplus(torch.tensor([1.0]), 0.0)).all()
  y, g = jax.value_and_grad(lambda v: F.softplus(v, 1.0, 100.0))(95.0)
  assert float(y) == 95.0 and float(g) == 1.0
  with pytest.raises(ValueError, match="beta"):
    F.softplus(jnp.ones(1), 0.0)
