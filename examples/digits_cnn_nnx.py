"""examples/digits_cnn.py in Flax NNX: a small CNN of jaxpool.nnx layers on
scikit-learn's 8x8 digits.

The model is channels-last: ``nnx.Conv`` plus jaxpool's ``MaxPool2d``,
``AvgPool2d``, ``ReLU``, ``PReLU`` and ``Linear`` (PyTorch's argument order,
layout and initialisation: ``jnnx.Linear(in_features, out_features,
rngs=rngs)``). Training is optax Adam through ``nnx.Optimizer`` with an
``nnx.jit``-compiled step that updates the model in place. The data ship
with scikit-learn: nothing is downloaded.

Run:   python examples/digits_cnn_nnx.py                (about 10-30 s on CPU)
Quick: python examples/digits_cnn_nnx.py --epochs 2 --limit 512
"""

from __future__ import annotations

import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tqdm import tqdm

import jaxpool.nnx as jnnx


class DigitsCNN(nnx.Module):
  """(N, 8, 8, 1) images -> (N, 10) logits; the layers in call order."""

  def __init__(self, *, rngs: nnx.Rngs):
    self.conv1 = nnx.Conv(1, 32, (3, 3), padding="SAME", rngs=rngs)
    self.relu1 = jnnx.ReLU()
    self.pool1 = jnnx.MaxPool2d(2)
    self.conv2 = nnx.Conv(32, 64, (3, 3), padding="SAME", rngs=rngs)
    self.relu2 = jnnx.ReLU()
    self.pool2 = jnnx.AvgPool2d(2)
    self.fc1 = jnnx.Linear(2 * 2 * 64, 128, rngs=rngs)
    self.prelu = jnnx.PReLU()
    self.fc2 = jnnx.Linear(128, 10, rngs=rngs)

  def __call__(self, x: jax.Array) -> jax.Array:
    x = self.pool1(self.relu1(self.conv1(x)))       # (N, 4, 4, 32)
    x = self.pool2(self.relu2(self.conv2(x)))       # (N, 2, 2, 64)
    x = x.reshape(x.shape[:-3] + (-1,))             # (N, 256)
    return self.fc2(self.prelu(self.fc1(x)))


def load_data(limit: int | None = None, seed: int = 0):
  """Digits as (N, 8, 8, 1) float32 in [0, 1]; a stratified 80/20 split."""
  pixels, labels = load_digits(return_X_y=True)  # (N, 64), (N,)
  images = (pixels / 16.0).astype(np.float32).reshape(-1, 8, 8, 1)
  x_tr, x_te, y_tr, y_te = train_test_split(
      images, labels.astype(np.int32), test_size=0.2, stratify=labels,
      random_state=seed)
  if limit is not None:
    x_tr, y_tr = x_tr[:limit], y_tr[:limit]
  return x_tr, y_tr, x_te, y_te


def layer_table(model: nnx.Module) -> str:
  """Each layer's type and parameter count, in call order (attribute order)."""
  def count(m) -> int:
    return sum(int(np.prod(v.shape))
               for v in jax.tree.leaves(nnx.state(m, nnx.Param)))

  rows = [(name, type(layer).__name__, count(layer))
          for name, layer in vars(model).items()
          if isinstance(layer, nnx.Module)]
  lines = [f"{'layer':<8} {'type':<12} {'params':>8}", "-" * 30]
  lines += [f"{n:<8} {t:<12} " + (f"{c:>8,}" if c else "")
            for n, t, c in rows]
  lines += ["-" * 30, f"{'total':<21} {count(model):>8,}"]
  return "\n".join(lines)


@nnx.jit
def train_step(model: DigitsCNN, optimizer: nnx.Optimizer, x, y):
  """One Adam step on the mean cross-entropy; updates model in place."""
  def loss_fn(model):
    logits = model(x)
    return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()
  loss, grads = nnx.value_and_grad(loss_fn)(model)
  optimizer.update(model, grads)
  return loss


@nnx.jit
def predict(model: DigitsCNN, x):
  return jnp.argmax(model(x), axis=-1)


def main(argv=None) -> dict:
  parser = argparse.ArgumentParser(
      description=(__doc__ or "").split("\n")[0])
  parser.add_argument("--epochs", type=int, default=15)
  parser.add_argument("--batch-size", type=int, default=32)
  parser.add_argument("--lr", type=float, default=2e-3)
  parser.add_argument("--limit", type=int, default=None,
                      help="use only the first LIMIT training images")
  parser.add_argument("--seed", type=int, default=0)
  parser.add_argument("--no-progress", action="store_true",
                      help="hide the progress bar")
  args = parser.parse_args(argv)
  start = time.perf_counter()

  x_tr, y_tr, x_te, y_te = load_data(args.limit, args.seed)
  print(f"digits: {len(x_tr)} training / {len(x_te)} held-out images, 8x8")
  model = DigitsCNN(rngs=nnx.Rngs(args.seed))
  print(layer_table(model))
  optimizer = nnx.Optimizer(model, optax.adam(args.lr), wrt=nnx.Param)

  rng = np.random.default_rng(args.seed)
  steps = max(len(x_tr) // args.batch_size, 1)
  bar = tqdm(total=args.epochs * steps, desc="training", unit="step",
             disable=args.no_progress)
  loss = jnp.zeros(())
  for epoch in range(args.epochs):
    order = rng.permutation(len(x_tr))
    for i in range(steps):  # drop the last partial batch: one compiled shape
      batch = order[i * args.batch_size:(i + 1) * args.batch_size]
      loss = train_step(model, optimizer, x_tr[batch], y_tr[batch])
      bar.update()
    bar.set_postfix(epoch=epoch + 1, loss=f"{float(loss):.4f}")
  bar.close()

  correct = int((np.asarray(predict(model, x_te)) == y_te).sum())
  accuracy = correct / len(y_te)
  seconds = time.perf_counter() - start
  print(f"held-out accuracy: {100 * accuracy:.2f}% ({correct}/{len(y_te)}) "
        f"after {args.epochs} epochs in {seconds:.1f} s")
  return {"accuracy": accuracy, "seconds": seconds, "model": model}


if __name__ == "__main__":
  main()
