"""Every layer, in both frameworks, from one list: each Module equals the
function it applies, eagerly, under jit and vmap, with its gradients.

Both ``jaxpool.nn`` and ``jaxpool.nnx`` classes are written from one
definition per layer (jaxpool/_src/layers/), so the reference here is not
the other framework but the function of :mod:`jaxpool.functional` (itself
tested against the NumPy oracle and PyTorch), called with the Module's
arguments and its own weights. Learnable weights are moved away from their
initial values first, so that a weight the Module failed to use shows.
"""

import dataclasses
from typing import Any, Callable

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
V = (4, 5)  # a batch of vectors


def rand(shape, seed=0):
  return jnp.asarray(
      np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


@dataclasses.dataclass
class Case:
  args: tuple
  kwargs: dict
  shapes: list
  # reference(inputs, weights) with weights by path ("weight",
  # "linear/kernel", ...): the function the Module applies.
  reference: Callable[..., Any]
  nnx_kwargs: dict = dataclasses.field(default_factory=dict)


def c(args, kwargs, shapes, reference, **nnx_kwargs):
  return Case(tuple(args), dict(kwargs), list(shapes), reference, nnx_kwargs)


CASES = {
    "MaxPool1d": c((3, 2, 1), {}, [X1],
                   lambda xs, w: F.max_pool1d(xs[0], 3, 2, 1)),
    "MaxPool2d": c((3,), dict(stride=2, padding=1, ceil_mode=True,
                              return_indices=True), [X2],
                   lambda xs, w: F.max_pool2d(xs[0], 3, 2, 1, ceil_mode=True,
                                              return_indices=True)),
    "MaxPool3d": c((2,), dict(dilation=2), [X3],
                   lambda xs, w: F.max_pool3d(xs[0], 2, dilation=2)),
    "AvgPool1d": c((3, 2, 1), dict(count_include_pad=False), [X1],
                   lambda xs, w: F.avg_pool1d(xs[0], 3, 2, 1,
                                              count_include_pad=False)),
    "AvgPool2d": c((3, 2, 1), dict(divisor_override=5), [X2],
                   lambda xs, w: F.avg_pool2d(xs[0], 3, 2, 1,
                                              divisor_override=5)),
    "AvgPool3d": c((2,), dict(ceil_mode=True), [X3],
                   lambda xs, w: F.avg_pool3d(xs[0], 2, ceil_mode=True)),
    "LPPool1d": c((2, 3), {}, [X1], lambda xs, w: F.lp_pool1d(xs[0], 2, 3)),
    "LPPool2d": c((1.5, 2), {}, [X2],
                  lambda xs, w: F.lp_pool2d(xs[0], 1.5, 2)),
    "LPPool3d": c((2, 2), dict(stride=1), [X3],
                  lambda xs, w: F.lp_pool3d(xs[0], 2, 2, 1)),
    "MaxUnpool1d": c((2,), {}, [(2, 4, 3), (2, 4, 3)],
                     lambda xs, w: F.max_unpool1d(xs[0], xs[1], 2)),
    "MaxUnpool2d": c((2,), dict(stride=2), [(2, 4, 3, 3), (2, 4, 3, 3)],
                     lambda xs, w: F.max_unpool2d(xs[0], xs[1], 2, 2)),
    "MaxUnpool3d": c((2,), {}, [(1, 3, 2, 2, 2), (1, 3, 2, 2, 2)],
                     lambda xs, w: F.max_unpool3d(xs[0], xs[1], 2)),
    "AdaptiveAvgPool1d": c((4,), {}, [X1],
                           lambda xs, w: F.adaptive_avg_pool1d(xs[0], 4)),
    "AdaptiveAvgPool2d": c(((3, None),), {}, [X2],
                           lambda xs, w: F.adaptive_avg_pool2d(xs[0],
                                                               (3, None))),
    "AdaptiveAvgPool3d": c((2,), {}, [X3],
                           lambda xs, w: F.adaptive_avg_pool3d(xs[0], 2)),
    "AdaptiveMaxPool1d": c((4, True), {}, [X1],
                           lambda xs, w: F.adaptive_max_pool1d(xs[0], 4,
                                                               True)),
    "AdaptiveMaxPool2d": c((3,), {}, [X2],
                           lambda xs, w: F.adaptive_max_pool2d(xs[0], 3)),
    "AdaptiveMaxPool3d": c((2,), {}, [X3],
                           lambda xs, w: F.adaptive_max_pool3d(xs[0], 2)),
    "GlobalAvgPool1d": c((), {}, [X1],
                         lambda xs, w: F.global_avg_pool1d(xs[0])),
    "GlobalAvgPool2d": c((True,), {}, [X2],
                         lambda xs, w: F.global_avg_pool2d(xs[0],
                                                           keepdims=True)),
    "GlobalAvgPool3d": c((), {}, [X3],
                         lambda xs, w: F.global_avg_pool3d(xs[0])),
    "GlobalMaxPool1d": c((), {}, [X1],
                         lambda xs, w: F.global_max_pool1d(xs[0])),
    "GlobalMaxPool2d": c((), dict(channels_last=False), [X2],
                         lambda xs, w: F.global_max_pool2d(
                             xs[0], channels_last=False)),
    "GlobalMaxPool3d": c((True,), {}, [X3],
                         lambda xs, w: F.global_max_pool3d(xs[0],
                                                           keepdims=True)),
    # Random in both modes, as PyTorch's: called with given samples here.
    "FractionalMaxPool2d": c((2,), dict(output_size=4, return_indices=True),
                             [(2, 9, 8, 3), (2, 3, 2)],
                             lambda xs, w: F.fractional_max_pool2d(
                                 xs[0], 2, 4, return_indices=True,
                                 samples=xs[1])),
    "FractionalMaxPool3d": c((2,), dict(output_ratio=0.5),
                             [(1, 7, 8, 9, 2), (1, 2, 3)],
                             lambda xs, w: F.fractional_max_pool3d(
                                 xs[0], 2, output_ratio=0.5, samples=xs[1])),
    "BlurPool1d": c((3,), {}, [X1], lambda xs, w: F.blur_pool1d(xs[0], 3)),
    "BlurPool2d": c((), {}, [X2], lambda xs, w: F.blur_pool2d(xs[0])),
    "BlurPool3d": c((3,), dict(pad_type="replicate"), [X3],
                    lambda xs, w: F.blur_pool3d(xs[0], 3,
                                                pad_type="replicate")),
    "MaxBlurPool1d": c((), {}, [X1],
                       lambda xs, w: F.max_blur_pool1d(xs[0])),
    "MaxBlurPool2d": c((), dict(filt_size=3), [X2],
                       lambda xs, w: F.max_blur_pool2d(xs[0], filt_size=3)),
    "MaxBlurPool3d": c((), dict(filt_size=3), [X3],
                       lambda xs, w: F.max_blur_pool3d(xs[0], filt_size=3)),
    "SpatialPyramidPool1d": c(((1, 2),), {}, [X1],
                              lambda xs, w: F.spatial_pyramid_pool1d(
                                  xs[0], (1, 2))),
    "SpatialPyramidPool2d": c((), {}, [X2],
                              lambda xs, w: F.spatial_pyramid_pool2d(xs[0])),
    "SpatialPyramidPool3d": c(((1, 2), "avg"), {}, [X3],
                              lambda xs, w: F.spatial_pyramid_pool3d(
                                  xs[0], (1, 2), "avg")),
    "GeM1d": c((), {}, [X1], lambda xs, w: F.gem_pool1d(xs[0], w["p"])),
    "GeM2d": c((), dict(kernel_size=2, per_channel=True), [X2],
               lambda xs, w: F.gem_pool2d(xs[0], w["p"], 2),
               num_channels=3),
    "GeM3d": c((2.5,), dict(learnable=False), [X3],
               lambda xs, w: F.gem_pool3d(xs[0], 2.5)),
    "MixedPool1d": c((2,), {}, [X1], lambda xs, w: F.mixed_pool1d(
        xs[0], jax.nn.sigmoid(w["alpha_logit"]), 2)),
    "MixedPool2d": c((3, 2, 1), dict(per_channel=True, init_alpha=0.3), [X2],
                     lambda xs, w: F.mixed_pool2d(
                         xs[0], jax.nn.sigmoid(w["alpha_logit"]), 3, 2, 1),
                     num_channels=3),
    "MixedPool3d": c((2,), {}, [X3], lambda xs, w: F.mixed_pool3d(
        xs[0], jax.nn.sigmoid(w["alpha_logit"]), 2)),
    # Eval mode here; training mode is tested in test_random.py.
    "StochasticPool1d": c((2,), dict(deterministic=True), [X1],
                          lambda xs, w: F.stochastic_pool1d(xs[0], 2)),
    "StochasticPool2d": c((3, 2), dict(deterministic=True), [X2],
                          lambda xs, w: F.stochastic_pool2d(xs[0], 3, 2)),
    "StochasticPool3d": c((2,), dict(deterministic=True), [X3],
                          lambda xs, w: F.stochastic_pool3d(xs[0], 2)),
    "Linear": c((5, 4), {}, [(3, 5)],
                lambda xs, w: F.linear(xs[0], w["weight"], w["bias"])),
    "Bilinear": c((3, 5, 4), dict(bias=False), [(6, 3), (6, 5)],
                  lambda xs, w: F.bilinear(xs[0], xs[1], w["weight"])),
    "Identity": c((), {}, [V], lambda xs, w: xs[0]),
    "Threshold": c((0.1, 20.0), {}, [V],
                   lambda xs, w: F.threshold(xs[0], 0.1, 20.0)),
    "LeakyReLU": c((0.2,), {}, [V], lambda xs, w: F.leaky_relu(xs[0], 0.2)),
    "PReLU": c((3,), {}, [X2], lambda xs, w: F.prelu(xs[0], w["weight"])),
    "RReLU": c((0.1, 0.4), dict(deterministic=True), [V],
               lambda xs, w: F.rrelu(xs[0], 0.1, 0.4)),
    "ELU": c((0.7,), {}, [V], lambda xs, w: F.elu(xs[0], 0.7)),
    "CELU": c((1.3,), {}, [V], lambda xs, w: F.celu(xs[0], 1.3)),
    "GELU": c(("tanh",), {}, [V], lambda xs, w: F.gelu(xs[0], "tanh")),
    "Hardtanh": c((-0.5, 0.7), {}, [V],
                  lambda xs, w: F.hardtanh(xs[0], -0.5, 0.7)),
    "Softplus": c((2.0, 1.0), {}, [V],
                  lambda xs, w: F.softplus(xs[0], 2.0, 1.0)),
    "Softshrink": c((0.3,), {}, [V], lambda xs, w: F.softshrink(xs[0], 0.3)),
    "Hardshrink": c((0.3,), {}, [V], lambda xs, w: F.hardshrink(xs[0], 0.3)),
    "Swish": c((), dict(init_value=1.5), [V],
               lambda xs, w: F.swish(xs[0], w["beta"])),
    "GLU": c((0,), {}, [V], lambda xs, w: F.glu(xs[0], 0)),
    "Softmax": c((1,), {}, [V], lambda xs, w: F.softmax(xs[0], 1)),
    "Softmin": c((0,), {}, [V], lambda xs, w: F.softmin(xs[0], 0)),
    "LogSoftmax": c((-1,), {}, [V], lambda xs, w: F.log_softmax(xs[0], -1)),
    "Softmax2d": c((), {}, [X2], lambda xs, w: F.softmax2d(xs[0])),
    "Maxout": c((4, 3), {}, [(6, 5)],
                lambda xs, w: F.maxout(
                    xs[0] @ w["linear/kernel"] + w["linear/bias"][None], 3),
                in_features=5),
}
for _name, _fn in (("ReLU", F.relu), ("ReLU6", F.relu6), ("SELU", F.selu),
                   ("SiLU", F.silu), ("Mish", F.mish),
                   ("Sigmoid", F.sigmoid), ("Tanh", F.tanh),
                   ("Hardswish", F.hardswish),
                   ("Hardsigmoid", F.hardsigmoid),
                   ("Softsign", F.softsign), ("Tanhshrink", F.tanhshrink),
                   ("LogSigmoid", F.logsigmoid)):
  CASES[_name] = c((), {}, [V], lambda xs, w, fn=_fn: fn(xs[0]))

# The linen-only layer: NNX creates weights before any input is seen.
LINEN_ONLY = {"LazyLinear": c((4,), {}, [(3, 5)], lambda xs, w: F.linear(
    xs[0], w["weight"], w["bias"]))}
FRAMEWORKS = ("nn", "nnx")


def inputs(name, case, seed=0):
  """The call's inputs; unpooling gets indices from a max pool."""
  xs = [rand(s, seed + i) for i, s in enumerate(case.shapes)]
  if name.startswith("MaxUnpool"):
    n = int(name[-2])
    pooled = rand(case.shapes[0][:1] + tuple(2 * s for s in
                                              case.shapes[0][1:-1])
                  + case.shapes[0][-1:], seed)
    xs = list(getattr(F, f"max_pool{n}d")(pooled, 2, return_indices=True))
  if name.startswith("Fractional"):
    xs[1] = jax.random.uniform(jax.random.key(seed), case.shapes[1])
  return xs


def _perturbed(tree, seed):
  """Away from the initial values, so that an unused weight shows."""
  return jax.tree.map(lambda p: p + 0.1 * rand(p.shape, seed + 7), tree)


def _flat(tree) -> dict:
  return {"/".join(k): v for k, v in traverse_util.flatten_dict(tree).items()}


def build(framework, name, case, xs, seed=0):
  """(call, weights): the Module with perturbed weights, as a function of
  its inputs, and those weights by path."""
  if framework == "nn":
    module = getattr(jnn, name)(*case.args, **case.kwargs)
    params = _perturbed(module.init(jax.random.key(seed), *xs).get(
        "params", {}), seed)
    return (lambda *xs: module.apply({"params": params}, *xs)), _flat(params)
  cls = getattr(jnnx, name)
  model = cls(*case.args, **case.kwargs, **case.nnx_kwargs,
              **({"rngs": nnx.Rngs(seed)}
                 if cls.random_init else {}))
  state = nnx.state(model, nnx.Param)
  nnx.update(model, _perturbed(state, seed))
  return model, _flat(nnx.to_pure_dict(nnx.state(model, nnx.Param)))


def layer_cases():
  for name in sorted(CASES):
    for framework in FRAMEWORKS:
      yield name, framework
  for name in sorted(LINEN_ONLY):
    yield name, "nn"


def case_of(name):
  return CASES.get(name) or LINEN_ONLY[name]


def assert_close(got, want):
  jax.tree.map(lambda a, b: np.testing.assert_allclose(
      a, b, rtol=1e-6, atol=1e-6), got, want)


def test_every_layer_has_a_case():
  assert set(CASES) == set(jnnx.__all__)
  assert set(CASES) | set(LINEN_ONLY) == set(jnn.__all__)


@pytest.mark.parametrize("name,framework", list(layer_cases()))
def test_module_equals_its_function(name, framework):
  case = case_of(name)
  xs = inputs(name, case)
  call, weights = build(framework, name, case, xs)
  assert_close(call(*xs), case.reference(xs, weights))


@pytest.mark.parametrize("name,framework", list(layer_cases()))
def test_jit_equals_eager(name, framework):
  case = case_of(name)
  xs = inputs(name, case, seed=1)
  call, _ = build(framework, name, case, xs, seed=1)
  if framework == "nnx":
    got = nnx.jit(lambda m, *xs: m(*xs))(call, *xs)
  else:
    got = jax.jit(call)(*xs)
  assert_close(got, call(*xs))


@pytest.mark.parametrize("name,framework", list(layer_cases()))
def test_input_gradient_equals_the_functions(name, framework):
  case = case_of(name)
  xs = inputs(name, case, seed=2)
  call, weights = build(framework, name, case, xs, seed=2)

  def loss(f):
    def scalar(x0):
      out = f([x0] + xs[1:])
      out = out[0] if isinstance(out, tuple) else out
      return jnp.sum(out * jnp.cos(out))
    return scalar

  got = jax.grad(loss(lambda xs: call(*xs)))(xs[0])
  want = jax.grad(loss(lambda xs: case.reference(xs, weights)))(xs[0])
  np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,framework", list(layer_cases()))
def test_vmap_equals_a_loop(name, framework):
  """A leading axis added with vmap: each slice as its own call."""
  case = case_of(name)
  xs = inputs(name, case, seed=3)
  call, _ = build(framework, name, case, xs, seed=3)
  stacked = [jnp.stack([x, x[::-1]]) for x in xs]
  got = jax.vmap(lambda *xs: call(*xs))(*stacked)
  want = jax.tree.map(lambda a, b: jnp.stack([a, b]), call(*xs),
                      call(*[x[::-1] for x in xs]))
  assert_close(got, want)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_constant_initial_weights(framework):
  """Weights that start at a constant (no key) start at the stated one."""
  xs = [rand(X2)]
  expected = {
      "PReLU": ((3,), {}, {"weight": np.full(3, 0.25)}),
      "Swish": ((), dict(init_value=1.5), {"beta": np.float32(1.5)}),
      "GeM2d": ((), dict(init_p=2.5), {"p": np.float32(2.5)}),
      "MixedPool2d": ((2,), dict(per_channel=True, init_alpha=0.3),
                      {"alpha_logit": np.full(3, np.log(0.3 / 0.7))}),
  }
  for name, (args, kwargs, want) in expected.items():
    if framework == "nn":
      params = getattr(jnn, name)(*args, **kwargs).init(
          jax.random.key(0), *xs)["params"]
    else:
      extra = CASES[name].nnx_kwargs if name == "MixedPool2d" else {}
      params = nnx.to_pure_dict(nnx.state(
          getattr(jnnx, name)(*args, **kwargs, **extra), nnx.Param))
    got = _flat(params)
    assert set(got) == set(want), name
    for key in want:
      np.testing.assert_allclose(got[key], want[key], rtol=1e-6)
      assert got[key].dtype == jnp.float32
