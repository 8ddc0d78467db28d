"""Train the digits CNN data-parallel on simulated devices, and check it.

The batch is sharded over a 1-d device mesh with ``NamedSharding``; the
parameters and optimizer state are replicated; ``jax.jit`` partitions the
training step (jaxpool's layers need nothing special). The same steps run on
one device, and the losses must match.

Run: python examples/data_parallel.py [--devices 8] [--steps 60]
(on a CPU the devices are simulated with
XLA_FLAGS=--xla_force_host_platform_device_count, set here before JAX
starts; on a GPU/TPU host the real devices are used).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import cast


def main(argv=None) -> dict:
  parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
  parser.add_argument("--devices", type=int, default=8)
  parser.add_argument("--steps", type=int, default=60)
  parser.add_argument("--batch-size", type=int, default=64)
  args = parser.parse_args(argv)
  if "jax" not in sys.modules:  # the device count is fixed when JAX starts
    os.environ["XLA_FLAGS"] = (
        os.environ.get("XLA_FLAGS", "")
        + f" --xla_force_host_platform_device_count={args.devices}")

  import jax
  import numpy as np
  import optax
  from jax.sharding import Mesh, NamedSharding, PartitionSpec as P

  sys.path.insert(0, os.path.dirname(__file__))
  from digits_cnn import DigitsCNN, load_data, make_train_step

  devices = jax.devices()[:args.devices]
  if args.batch_size % len(devices):
    raise SystemExit(f"--batch-size {args.batch_size} must be divisible by "
                     f"the {len(devices)} devices")
  mesh = Mesh(np.array(devices), ("data",))
  batch_sharding = NamedSharding(mesh, P("data"))
  replicated = NamedSharding(mesh, P())

  x_tr, y_tr, x_te, y_te = load_data()
  model, tx = DigitsCNN(), optax.adam(2e-3)
  params = model.init(jax.random.key(0), x_tr[:1])
  opt_state = tx.init(params)

  train_step = make_train_step(model, tx)
  parallel_step = jax.jit(train_step)
  single_step = jax.jit(train_step)
  state_par = jax.device_put((params, opt_state), replicated)
  state_one = jax.device_put((params, opt_state), devices[0])
  rng = np.random.default_rng(0)
  losses_par, losses_one = [], []
  x, y = x_tr[:args.batch_size], y_tr[:args.batch_size]
  for _ in range(args.steps):
    batch = rng.choice(len(x_tr), args.batch_size, replace=False)
    x, y = x_tr[batch], y_tr[batch]
    *state_par, loss = parallel_step(*state_par,
                                     jax.device_put(x, batch_sharding),
                                     jax.device_put(y, batch_sharding))
    *state_one, loss_one = single_step(*state_one, x, y)
    losses_par.append(float(loss))
    losses_one.append(float(loss_one))

  hlo = parallel_step.lower(
      *state_par, jax.device_put(x, batch_sharding),
      jax.device_put(y, batch_sharding)).compile().as_text() or ""
  gap = max(abs(a - b) for a, b in zip(losses_par, losses_one))
  accuracy = float(np.mean(np.asarray(jax.jit(
      lambda p, x: jax.numpy.argmax(cast(jax.Array, model.apply(p, x)), -1))(
          state_par[0], x_te)) == y_te))
  print(f"{len(devices)} devices, batch {args.batch_size} sharded "
        f"{args.batch_size // len(devices)} per device, {args.steps} steps")
  print(f"loss: first {losses_par[0]:.4f}, last {losses_par[-1]:.4f} "
        f"(single device: {losses_one[-1]:.4f}; largest gap {gap:.2e})")
  print(f"held-out accuracy after {args.steps} steps: {100 * accuracy:.1f}%")
  print("compiled step all-reduces gradients:", "all-reduce" in hlo,
        "| all-gathers activations:", "all-gather" in hlo)
  # Sharded reductions sum in another order: float rounding, amplified a
  # little by Adam over the steps; anything real would be far larger.
  if gap > 1e-3 * max(1.0, abs(losses_one[0])):
    raise SystemExit(f"data-parallel losses differ from one device by {gap}")
  return {"losses": losses_par, "single": losses_one, "gap": gap,
          "devices": len(devices), "hlo": hlo}


if __name__ == "__main__":
  main()
