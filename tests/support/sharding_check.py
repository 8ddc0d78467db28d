"""Data-parallel checks on 8 simulated CPU devices, run in a process of its own
by tests/contracts/test_sharding.py (the device count is fixed when JAX starts).

For every pooling op and a small jaxpool CNN training step, a batch-sharded
input must give the single-device numbers, the output must stay
batch-sharded, and the compiled program must not all-gather activations.
Exits non-zero with a message on the first failure.
"""

import os
import sys

os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "")
                           + " --xla_force_host_platform_device_count=8")

import flax.linen as nn  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from jax.sharding import Mesh, NamedSharding, PartitionSpec as P  # noqa: E402

import jaxpool.functional as F  # noqa: E402
import jaxpool.nn as jnn  # noqa: E402

COLLECTIVES_OF_ACTIVATIONS = ("all-gather", "all-to-all", "collective-permute")


def check(cond, message):
  if not cond:
    print("FAIL:", message)
    sys.exit(1)


def check_op(name, fn, *args, batch_args=1):
  """``fn`` on batch-sharded args equals ``fn`` on one device."""
  mesh = Mesh(np.array(jax.devices()), ("data",))
  sharded = [jax.device_put(a, NamedSharding(mesh, P("data")))
             if i < batch_args else a for i, a in enumerate(args)]
  jitted = jax.jit(fn)
  want = jax.jit(fn)(*[jax.device_put(a, jax.devices()[0]) for a in args])
  got = jitted(*sharded)
  for g, w in zip(jax.tree.leaves(got), jax.tree.leaves(want)):
    check(np.array_equal(np.asarray(g), np.asarray(w), equal_nan=True)
          or np.allclose(np.asarray(g), np.asarray(w), rtol=1e-6, atol=1e-6),
          f"{name}: sharded result differs from one device")
    spec = g.sharding.spec if hasattr(g.sharding, "spec") else None
    check(spec is not None and len(spec) > 0 and spec[0] == "data",
          f"{name}: output is not batch-sharded (sharding {g.sharding})")
  hlo = jitted.lower(*sharded).compile().as_text()
  for op in COLLECTIVES_OF_ACTIVATIONS:
    check(op not in hlo, f"{name}: compiled program contains {op}")
  print(f"ok: {name}")


def main():
  check(len(jax.devices()) == 8, f"expected 8 devices, got {jax.devices()}")
  rng = np.random.default_rng(0)
  x = jnp.asarray(rng.permutation(16 * 12 * 12 * 3).reshape(16, 12, 12, 3)
                  .astype(np.float32))
  x1 = x.reshape(16, 144, 3)
  x3 = jnp.asarray(rng.standard_normal((8, 6, 6, 6, 2)).astype(np.float32))
  cot = jnp.ones((16, 6, 6, 3), jnp.float32)

  check_op("max_pool2d", lambda x: F.max_pool2d(x, 3, 2, 1), x)
  check_op("max_pool2d dilated, ceil_mode",
           lambda x: F.max_pool2d(x, 3, 2, 1, 2, True), x)
  check_op("max_pool2d indices",
           lambda x: F.max_pool2d(x, 3, 2, 1, return_indices=True), x)
  check_op("max_pool2d channels-first",
           lambda x: F.max_pool2d(x, 2, channels_last=False),
           jnp.moveaxis(x, -1, 1))
  check_op("max_pool1d", lambda x: F.max_pool1d(x, 4, 3, 2), x1)
  check_op("max_pool3d", lambda x: F.max_pool3d(x, 2), x3)
  check_op("avg_pool2d", lambda x: F.avg_pool2d(x, 3, 2, 1, True, False), x)
  check_op("avg_pool3d", lambda x: F.avg_pool3d(x, 2, divisor_override=3), x3)
  check_op("lp_pool2d", lambda x: F.lp_pool2d(x, 2, 3, 2), x / 100)
  v, i = F.max_pool2d(x, 2, return_indices=True)
  check_op("max_unpool2d", lambda v, i: F.max_unpool2d(v, i, 2), v, i,
           batch_args=2)
  vcf, icf = F.max_pool2d(jnp.moveaxis(x, -1, 1), 2, return_indices=True,
                          channels_last=False)
  check_op("max_unpool2d channels-first",
           lambda v, i: F.max_unpool2d(v, i, 2, channels_last=False), vcf,
           icf, batch_args=2)
  check_op("max_pool2d grad",
           lambda x, c: jax.vjp(lambda x: F.max_pool2d(x, 3, 2, 1), x)[1](c),
           x, cot, batch_args=2)
  check_op("avg_pool2d grad",
           lambda x, c: jax.vjp(lambda x: F.avg_pool2d(x, 3, 2, 1), x)[1](c),
           x, cot, batch_args=2)
  check_op("max_unpool2d grad",
           lambda v, i, c: jax.vjp(lambda v: F.max_unpool2d(v, i, 2), v)[1](c),
           v, i, x, batch_args=3)
  for name in ("adaptive_avg_pool2d", "adaptive_max_pool2d"):
    if hasattr(F, name):
      check_op(name, lambda x, f=getattr(F, name): f(x, (5, 7)), x)
  check_train_step()


class SmallCNN(nn.Module):

  @nn.compact
  def __call__(self, x):
    x = nn.Conv(8, (3, 3))(x)
    x = jnn.ReLU()(x) if hasattr(jnn, "ReLU") else nn.relu(x)
    x, idx = jnn.MaxPool2d(2, return_indices=True)(x)
    x = jnn.MaxUnpool2d(2)(x, idx)
    x = jnn.AvgPool2d(3, 2, 1)(x)
    x = jnn.LPPool2d(2, 2)(x)
    x = x.reshape(x.shape[0], -1)
    return (jnn.LazyLinear(10) if hasattr(jnn, "LazyLinear") else nn.Dense(10))(x)


def check_train_step():
  """One optax step of a jaxpool CNN, data-parallel == single device."""
  rng = np.random.default_rng(1)
  x = jnp.asarray(rng.standard_normal((16, 12, 12, 3)).astype(np.float32))
  y = jnp.asarray(rng.integers(0, 10, 16))
  model, tx = SmallCNN(), optax.sgd(0.1)
  params = model.init(jax.random.key(0), x)
  opt_state = tx.init(params)

  def step(params, opt_state, x, y):
    def loss_fn(p):
      logits = model.apply(p, x)
      return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()
    loss, grads = jax.value_and_grad(loss_fn)(params)
    updates, opt_state = tx.update(grads, opt_state)
    return optax.apply_updates(params, updates), opt_state, loss

  mesh = Mesh(np.array(jax.devices()), ("data",))
  batch = NamedSharding(mesh, P("data"))
  replicated = NamedSharding(mesh, P())
  jitted = jax.jit(step)
  want = jax.jit(step)(params, opt_state, x, y)
  args = (jax.device_put(params, replicated),
          jax.device_put(opt_state, replicated),
          jax.device_put(x, batch), jax.device_put(y, batch))
  got = jitted(*args)
  for g, w in zip(jax.tree.leaves(got), jax.tree.leaves(want)):
    check(np.allclose(np.asarray(g), np.asarray(w), rtol=1e-5, atol=1e-6),
          "train step: sharded result differs from one device")
  hlo = jitted.lower(*args).compile().as_text()
  check("all-gather" not in hlo,
        "train step: compiled program all-gathers activations")
  check("all-reduce" in hlo, "train step: gradients are not all-reduced")
  print("ok: data-parallel train step, loss", float(got[2]))


if __name__ == "__main__":
  main()
