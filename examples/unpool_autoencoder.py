"""A SegNet-style autoencoder on scikit-learn's 8x8 digits.

The encoder max-pools with ``return_indices=True``; the decoder puts each
value back where its max came from with ``MaxUnpool2d`` (Badrinarayanan et
al., SegNet, 2015), instead of learning an upsampling. The reconstruction
error on held-out digits is printed before and after training.

Run:   python examples/unpool_autoencoder.py
Quick: python examples/unpool_autoencoder.py --epochs 2 --limit 256
"""

from __future__ import annotations

import argparse
import os
import sys

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import optax
from tqdm import tqdm

import jaxpool.nn as jnn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from digits_cnn import load_data  # noqa: E402  (same data, same split)


class SegNetAutoencoder(nn.Module):
  """(N, 8, 8, 1) -> (N, 8, 8, 1) through a 2x2x32 code plus pool indices."""

  @nn.compact
  def __call__(self, x):
    h = jnn.ReLU()(nn.Conv(16, (3, 3))(x))                  # (N, 8, 8, 16)
    h, idx1 = jnn.MaxPool2d(2, return_indices=True)(h)      # (N, 4, 4, 16)
    h = jnn.ReLU()(nn.Conv(32, (3, 3))(h))                  # (N, 4, 4, 32)
    h, idx2 = jnn.MaxPool2d(2, return_indices=True)(h)      # (N, 2, 2, 32)
    h = jnn.MaxUnpool2d(2)(h, idx2)                         # (N, 4, 4, 32)
    h = jnn.ReLU()(nn.Conv(16, (3, 3))(h))                  # (N, 4, 4, 16)
    h = jnn.MaxUnpool2d(2)(h, idx1)                         # (N, 8, 8, 16)
    return nn.Conv(1, (3, 3))(h)                            # (N, 8, 8, 1)


def main(argv=None) -> dict:
  parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
  parser.add_argument("--epochs", type=int, default=20)
  parser.add_argument("--batch-size", type=int, default=32)
  parser.add_argument("--lr", type=float, default=3e-3)
  parser.add_argument("--limit", type=int, default=None,
                      help="use only the first LIMIT training images")
  parser.add_argument("--seed", type=int, default=0)
  parser.add_argument("--no-progress", action="store_true")
  args = parser.parse_args(argv)

  x_tr, _, x_te, _ = load_data(args.limit, args.seed)
  model = SegNetAutoencoder()
  params = jax.jit(model.init)(jax.random.key(args.seed), x_tr[:1])
  tx = optax.adam(args.lr)
  opt_state = tx.init(params)

  def mse(params, x):
    return jnp.mean(jnp.square(model.apply(params, x) - x))

  @jax.jit
  def train_step(params, opt_state, x):
    loss, grads = jax.value_and_grad(mse)(params, x)
    updates, opt_state = tx.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state, loss

  evaluate = jax.jit(mse)
  before = float(evaluate(params, x_te))
  print(f"held-out reconstruction MSE before training: {before:.5f}")

  rng = np.random.default_rng(args.seed)
  steps = max(len(x_tr) // args.batch_size, 1)
  bar = tqdm(total=args.epochs * steps, desc="training", unit="step",
             disable=args.no_progress)
  loss = jnp.nan
  for epoch in range(args.epochs):
    order = rng.permutation(len(x_tr))
    for i in range(steps):
      batch = order[i * args.batch_size:(i + 1) * args.batch_size]
      params, opt_state, loss = train_step(params, opt_state, x_tr[batch])
      bar.update()
    bar.set_postfix(epoch=epoch + 1, mse=f"{float(loss):.5f}")
  bar.close()

  after = float(evaluate(params, x_te))
  print(f"held-out reconstruction MSE after {args.epochs} epochs: {after:.5f} "
        f"({before / after:.1f}x lower)")
  return {"before": before, "after": after}


if __name__ == "__main__":
  main()
