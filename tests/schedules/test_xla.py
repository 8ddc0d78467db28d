"""The programs accelerators get, checked without an accelerator.

Every public function's forward and gradient is exported with ``jax.export``
for ``cuda`` and for ``tpu`` under the default (``auto``) schedule. Each
program must hold no conditional (beyond the platform choice itself, a
``case`` on a constant that XLA folds), no loop, no custom call (which is
also how host callbacks lower), and the max/average/LP pooling forwards
(values only) must be ``reduce_window``. No gradient may hold a ``scatter``
or ``select_and_scatter`` (atomics on GPU, nondeterministic, unimplemented
or slow under ``--xla_gpu_deterministic_ops``; a serial loop on TPU): every
pooling gradient is in the gather form, checked here on every public
function and on the configurations that take other internal paths
(``GRADIENT_CASES``); only unpooling's forward scatters. Gradients are also
bitwise equal run to run (here, on CPU). The numbers of the ``xla``
schedule are checked by the whole suite, run under ``JAXPOOL_SCHEDULE=xla``
in CI.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax._src.interpreters import mlir as jax_mlir
from jax._src.lib.mlir import ir

import jaxpool
import jaxpool.functional as F

ACCELERATORS = ("cuda", "tpu")
SHAPES = {1: (2, 12, 3), 2: (2, 9, 8, 3), 3: (2, 7, 6, 5, 3)}
KEY = jax.random.key(0)
W = np.linspace(-1, 1, 15, dtype=np.float32)


def _unpool(n):
  def fn(x):
    pool = getattr(F, f"max_pool{n}d")
    unpool = getattr(F, f"max_unpool{n}d")
    y, idx = pool(x, 3, 2, 1, return_indices=True)
    return unpool(y, idx, 3, 2, 1)
  return fn


def _values(fn):
  return lambda x: fn(x)[0]


# Public function -> (function of x only, spatial rank or a shape).
CALLS = {}
for n in (1, 2, 3):
  CALLS.update({
      f"max_pool{n}d": (lambda x, n=n: getattr(F, f"max_pool{n}d")(
          x, 3, 2, 1, dilation=2 if n == 1 else 1, ceil_mode=True), n),
      f"max_pool{n}d_with_indices": (lambda x, n=n: getattr(
          F, f"max_pool{n}d_with_indices")(x, 3, 2, 1), n),
      f"avg_pool{n}d": (lambda x, n=n: getattr(F, f"avg_pool{n}d")(
          x, 3, 2, 1, count_include_pad=False), n),
      f"lp_pool{n}d": (lambda x, n=n: getattr(F, f"lp_pool{n}d")(x, 3, 2), n),
      f"max_unpool{n}d": (_unpool(n), n),
      f"adaptive_max_pool{n}d": (lambda x, n=n: getattr(
          F, f"adaptive_max_pool{n}d")(x, 4), n),
      f"adaptive_max_pool{n}d_with_indices": (lambda x, n=n: getattr(
          F, f"adaptive_max_pool{n}d_with_indices")(x, 4), n),
      f"adaptive_avg_pool{n}d": (lambda x, n=n: getattr(
          F, f"adaptive_avg_pool{n}d")(x, 4), n),
      f"global_max_pool{n}d": (lambda x, n=n: getattr(
          F, f"global_max_pool{n}d")(x), n),
      f"global_avg_pool{n}d": (lambda x, n=n: getattr(
          F, f"global_avg_pool{n}d")(x), n),
      f"stochastic_pool{n}d": (lambda x, n=n: getattr(
          F, f"stochastic_pool{n}d")(jnp.abs(x), 2, training=True, key=KEY),
          n),
      f"gem_pool{n}d": (lambda x, n=n: getattr(F, f"gem_pool{n}d")(
          jnp.abs(x), 3.0, 2), n),
      f"mixed_pool{n}d": (lambda x, n=n: getattr(F, f"mixed_pool{n}d")(
          x, 0.3, 3, 2, 1), n),
      f"blur_pool{n}d": (lambda x, n=n: getattr(F, f"blur_pool{n}d")(x), n),
      f"max_blur_pool{n}d": (lambda x, n=n: getattr(
          F, f"max_blur_pool{n}d")(x), n),
      f"spatial_pyramid_pool{n}d": (lambda x, n=n: getattr(
          F, f"spatial_pyramid_pool{n}d")(x, (1, 2)), n),
  })
for n in (2, 3):
  CALLS[f"fractional_max_pool{n}d"] = (lambda x, n=n: getattr(
      F, f"fractional_max_pool{n}d")(x, 2, output_size=3, key=KEY), n)
CALLS.update({
    "linear": (lambda x: F.linear(x, W.reshape(5, 3)), 2),
    "bilinear": (lambda x: F.bilinear(x, x, W[:9].reshape(1, 3, 3)), 2),
    "prelu": (lambda x: F.prelu(x, W[:3]), 2),
    "rrelu": (lambda x: F.rrelu(x, training=True, key=KEY), 2),
    "glu": (lambda x: F.glu(x[..., :2]), 2),
    "maxout": (lambda x: F.maxout(x, 3), 2),
    "threshold": (lambda x: F.threshold(x, 0.1, 2.0), 2),
    "softmax": (lambda x: F.softmax(x, -1), 2),
    "softmin": (lambda x: F.softmin(x, -1), 2),
    "log_softmax": (lambda x: F.log_softmax(x, -1), 2),
    "softmax2d": (F.softmax2d, 2),
    "batch_norm": (lambda x: F.batch_norm(x, None, None, training=True), 2),
    "dropout": (lambda x: F.dropout(x, 0.3, key=KEY), 2),
    "flatten": (lambda x: F.flatten(x, 1), 2),
})
CALLS.update({f"dropout{n}d": (lambda x, n=n: getattr(F, f"dropout{n}d")(
    x, 0.3, key=KEY), n) for n in (1, 2, 3)})
ELEMENTWISE = ["celu", "elu", "gelu", "hardshrink", "hardsigmoid",
               "hardswish", "hardtanh", "leaky_relu", "logsigmoid", "mish",
               "relu", "relu6", "selu", "sigmoid", "silu", "softplus",
               "softshrink", "softsign", "swish", "tanh", "tanhshrink"]
CALLS.update({name: (getattr(F, name), 2) for name in ELEMENTWISE})

# With indices, the max is the winner's value, from the winner's chain of
# selects: no reduce_window.
WINDOW_FORWARDS = [name for name in CALLS
                   if name.startswith(("max_pool", "avg_pool", "lp_pool"))
                   and not name.endswith("_with_indices")]
SCATTERS = ("stablehlo.scatter", "stablehlo.select_and_scatter")


def test_every_public_function_is_exported():
  public = {name for name in dir(F) if not name.startswith("_")}
  assert public == set(CALLS)


def _is_platform_choice(op) -> bool:
  """The ``case`` ops of ``lax.platform_dependent`` lowered for one
  platform: one on a constant whose branches return constants (the kept
  branch's number), then one with a single branch."""
  if len(op.regions) == 1:
    return True
  index = op.operands[0].owner
  return getattr(index, "name", None) == "stablehlo.constant" and all(
      [o.name for o in region.blocks[0].operations] == ["stablehlo.return"]
      for region in op.regions)


def program_ops(fn, shape, platform: str) -> list[str]:
  """The op names of ``fn``'s program exported for ``platform``, with the
  platform choice's ``case`` ops left out."""
  spec = jax.ShapeDtypeStruct(shape, jnp.float32)
  text = jax.export.export(jax.jit(fn), platforms=[platform])(
      spec).mlir_module()
  names = []
  with jax_mlir.make_ir_context():
    module = ir.Module.parse(text)

    def visit(op):
      if not (op.name == "stablehlo.case" and _is_platform_choice(op)):
        names.append(op.name)
      return ir.WalkResult.ADVANCE
    module.operation.walk(visit)
  return names


FORBIDDEN = ("stablehlo.case", "stablehlo.if", "stablehlo.while",
             "stablehlo.custom_call")


def _shape(rank):
  return SHAPES[rank] if isinstance(rank, int) else rank


@pytest.fixture(autouse=True)
def auto_schedule():
  """The platform decides, whatever JAXPOOL_SCHEDULE this run has."""
  with jaxpool.schedule("auto"):
    yield


@pytest.mark.parametrize("name", sorted(CALLS))
def test_accelerator_programs_have_no_control_flow(name):
  fn, rank = CALLS[name]
  value = _values(fn) if "with_indices" in name else fn
  grad = jax.grad(lambda x: jnp.sum(value(x)))
  for platform in ACCELERATORS:
    for kind, program in (("forward", fn), ("gradient", grad)):
      ops = program_ops(program, _shape(rank), platform)
      bad = sorted({op for op in ops if op in FORBIDDEN})
      assert not bad, f"{name} {kind} for {platform}: {bad}"
      if kind == "gradient" or not name.startswith("max_unpool"):
        scatters = [op for op in ops if op in SCATTERS]
        assert not scatters, f"{name} {kind} for {platform}: {scatters}"
      if kind == "forward" and name in WINDOW_FORWARDS:
        assert "stablehlo.reduce_window" in ops, f"{name} for {platform}"


def test_the_check_sees_control_flow():
  """The cpu schedule's fusion barriers are conditionals: forced onto an
  accelerator, the check above finds them."""
  grad = jax.grad(lambda x: jnp.sum(F.max_pool2d(x, 3, 2, 1)))
  with jaxpool.schedule("cpu"):
    ops = program_ops(grad, SHAPES[2], "cuda")
  assert "stablehlo.case" in ops
  assert "stablehlo.reduce_window" not in program_ops(
      lambda x: F.max_pool2d(x, 3, 2, 1), SHAPES[2], "cpu")


def test_one_export_for_several_platforms_carries_both_schedules():
  fn = lambda x: F.max_pool2d(x, 3, 2, 1)
  spec = jax.ShapeDtypeStruct(SHAPES[2], jnp.float32)
  exp = jax.export.export(jax.jit(fn), platforms=["cpu", "cuda"])(spec)
  text = exp.mlir_module()
  assert "stablehlo.reduce_window" in text  # cuda's branch
  x = jnp.asarray(np.random.default_rng(0).standard_normal(SHAPES[2]),
                  jnp.float32)
  np.testing.assert_array_equal(exp.call(x), fn(x))  # run here: cpu's


def _unpool_of(n, k, s, p, channels_last=True, grow=0):
  def fn(x):
    y, idx = getattr(F, f"max_pool{n}d")(x, k, s, p, return_indices=True,
                                         channels_last=channels_last)
    axes = range(2, 2 + n) if not channels_last else range(1, 1 + n)
    size = tuple(x.shape[a] + grow for a in axes)
    return getattr(F, f"max_unpool{n}d")(y, idx, k, s, p, size,
                                         channels_last=channels_last)
  return fn


INF = float("inf")
# Configurations whose gradients take other internal paths than CALLS's:
# name -> (function of x, input shape).
GRADIENT_CASES = {
    "max_pool2d dilated ceil": (lambda x: F.max_pool2d(
        x, 3, 2, 1, 2, True), (2, 11, 10, 3)),
    "max_pool3d dilated": (lambda x: F.max_pool3d(x, 2, 1, 1, 2),
                           (2, 7, 6, 5, 3)),
    "max_pool2d tiles channels first": (lambda x: F.max_pool2d(
        x, 2, channels_last=False), (2, 3, 8, 8)),
    "max_pool1d same": (lambda x: F.max_pool1d(x, 4, 3, "SAME"), (2, 13, 3)),
    "avg_pool2d ceil divisor": (lambda x: F.avg_pool2d(
        x, 3, 2, 1, True, False, 5), (2, 9, 8, 3)),
    "avg_pool3d channels first": (lambda x: F.avg_pool3d(
        x, 2, 1, 1, channels_last=False), (2, 3, 4, 5, 6)),
    "lp_pool2d p=3.5 ceil": (lambda x: F.lp_pool2d(
        jnp.abs(x) + 1, 3.5, 3, 2, True), (2, 9, 8, 3)),
    "lp_pool1d p=inf": (lambda x: F.lp_pool1d(x, INF, 3, 2), (2, 12, 3)),
    "lp_pool2d p=-inf": (lambda x: F.lp_pool2d(x, -INF, 2), (2, 8, 8, 3)),
    # 17 phases: values gathered, the tangent spread.
    "adaptive_max_pool2d many phases": (lambda x: F.adaptive_max_pool2d(
        x, (17, 5)), (2, 37, 29, 3)),
    "adaptive_max_pool1d out > size": (lambda x: F.adaptive_max_pool1d(
        x, 7), (2, 5, 3)),
    # 67-tap bins: values by phases (a reduction).
    "adaptive_max_pool2d wide bins": (lambda x: F.adaptive_max_pool2d(
        x, (3, 4)), (2, 200, 9, 3)),
    "adaptive_max_pool3d mixed": (lambda x: F.adaptive_max_pool3d(
        x, (4, 4, 3), channels_last=False), (2, 3, 8, 9, 10)),
    "adaptive_avg_pool2d wide bins": (lambda x: F.adaptive_avg_pool2d(
        x, 2), (2, 40, 40, 3)),
    "adaptive_avg_pool2d many phases": (lambda x: F.adaptive_avg_pool2d(
        x, (17, 5)), (2, 37, 29, 3)),
    "global_max_pool1d long": (lambda x: F.global_max_pool1d(x), (2, 150, 3)),
    "fractional_max_pool2d ratio": (lambda x: F.fractional_max_pool2d(
        x, 3, output_ratio=0.5, return_indices=True, key=KEY)[0],
                                    (2, 13, 11, 3)),
    "fractional_max_pool3d one window": (lambda x: F.fractional_max_pool3d(
        x, 2, (1, 2, 3), key=KEY, channels_last=False), (2, 3, 5, 6, 7)),
    "max_unpool2d tiles channels first": (_unpool_of(2, 2, 2, 0, False, 1),
                                          (2, 3, 8, 8)),
    "max_unpool1d overlapping": (_unpool_of(1, 3, 1, 1), (2, 12, 3)),
    "mixed_pool2d ceil": (lambda x: F.mixed_pool2d(x, 0.3, 3, 2, 1, True),
                          (2, 9, 8, 3)),
    "max_blur_pool2d k3": (lambda x: F.max_blur_pool2d(x, 3), (2, 9, 8, 3)),
    "spatial_pyramid_pool2d": (lambda x: F.spatial_pyramid_pool2d(
        x, (1, 3, 5)), (2, 13, 11, 3)),
}


@pytest.mark.parametrize("name", sorted(GRADIENT_CASES))
def test_gradients_hold_no_scatter(name):
  fn, shape = GRADIENT_CASES[name]
  grad = jax.grad(lambda x: jnp.sum(fn(x)))
  for platform in ACCELERATORS:
    ops = program_ops(grad, shape, platform)
    bad = [op for op in ops if op in SCATTERS + FORBIDDEN]
    assert not bad, f"{name} gradient for {platform}: {bad}"


def test_the_scatter_check_sees_a_scatter():
  """JAX's own gradient of reduce_window max (Flax's) is counted."""
  grad = jax.grad(lambda x: jnp.sum(jax.lax.reduce_window(
      x, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")))
  assert "stablehlo.select_and_scatter" in program_ops(grad, (2, 8, 8, 3),
                                                       "cuda")


DETERMINISM = ["max_pool2d dilated ceil", "max_pool3d dilated",
               "avg_pool2d ceil divisor", "lp_pool2d p=3.5 ceil",
               "adaptive_max_pool2d many phases",
               "adaptive_avg_pool2d many phases",
               "fractional_max_pool2d ratio", "max_unpool1d overlapping"]


def _bits(a):
  a = np.asarray(a)
  return a.view(np.uint32 if a.dtype == np.float32 else np.uint8)


@pytest.mark.parametrize("schedule", ["xla", "cpu"])
@pytest.mark.parametrize("name", DETERMINISM)
def test_gradients_are_bitwise_equal_run_to_run(name, schedule):
  """Inputs full of ties (overlapping windows share winners, so elements
  receive several cotangents) and cotangents of many magnitudes (so the
  order of their sums shows): three runs jitted, equal bit for bit, and
  three eager. (Jitted and eager programs are compiled apart and may fuse,
  hence round, differently: the adaptive average's differ in a last bit.)"""
  fn, shape = GRADIENT_CASES[name]
  rng = np.random.default_rng(0)
  x = jnp.asarray(rng.integers(-2, 3, shape).astype(np.float32))
  with jaxpool.schedule(schedule):
    out = jax.eval_shape(fn, x)
    c = jnp.asarray((rng.standard_normal(out.shape)
                     * 10.0 ** rng.integers(-4, 5, out.shape)).astype(
                         np.float32))

    def grad(x, c):
      return jax.vjp(fn, x)[1](c)[0]
    jitted = jax.jit(grad)
    for mode, run in (("jit", jitted), ("eager", grad)):
      first = _bits(run(x, c))
      for i in range(2):
        np.testing.assert_array_equal(_bits(run(x, c)), first,
                                      err_msg=f"{mode} run {i + 2}")
