"""The programs accelerators get, checked without an accelerator.

Every public function's forward and gradient is exported with ``jax.export``
for ``cuda`` and for ``tpu`` under the default (``auto``) schedule. Each
program must hold no conditional (beyond the platform choice itself, a
``case`` on a constant that XLA folds), no loop, no custom call (which is
also how host callbacks lower), and the max/average/LP pooling forwards must
be ``reduce_window``. The numbers of the ``xla`` schedule are checked by the
whole suite, run under ``JAXPOOL_SCHEDULE=xla`` in CI.
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

WINDOW_FORWARDS = [name for name in CALLS
                   if name.startswith(("max_pool", "avg_pool", "lp_pool"))]


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
