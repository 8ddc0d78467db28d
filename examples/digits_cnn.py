"""Train a small CNN built from jaxpool layers on scikit-learn's 8x8 digits.

The model is channels-last Flax: ``nn.Conv`` plus jaxpool's ``MaxPool2d``,
``AvgPool2d``, ``ReLU``, ``PReLU`` and ``Linear`` (PyTorch's semantics and
initialisation). Training is optax Adam with a jit-compiled step. The data
ship with scikit-learn: nothing is downloaded.

Run:   python examples/digits_cnn.py                    (about 10-30 s on CPU)
Quick: python examples/digits_cnn.py --epochs 2 --limit 512
"""

from __future__ import annotations

import argparse
import time
from typing import Any, cast

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import optax
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tqdm import tqdm

import jaxpool.nn as jnn


class DigitsCNN(nn.Module):
  """(N, 8, 8, 1) images -> (N, 10) logits."""

  @nn.compact
  def __call__(self, x):
    x = nn.Conv(32, (3, 3), padding="SAME")(x)       # (N, 8, 8, 32)
    x = jnn.ReLU()(x)
    x = jnn.MaxPool2d(2)(x)                           # (N, 4, 4, 32)
    x = nn.Conv(64, (3, 3), padding="SAME")(x)       # (N, 4, 4, 64)
    x = jnn.ReLU()(x)
    x = jnn.AvgPool2d(2)(x)                           # (N, 2, 2, 64)
    x = x.reshape(x.shape[:-3] + (-1,))               # (N, 256)
    x = jnn.Linear(256, 128)(x)
    x = jnn.PReLU()(x)
    return jnn.Linear(128, 10)(x)


def make_train_step(model: nn.Module, tx: optax.GradientTransformation):
  """One optax step on the mean cross-entropy (not jitted: callers choose)."""
  def train_step(params, opt_state, x, y):
    def loss_fn(p):
      logits = cast(jax.Array, model.apply(p, x))
      return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()
    loss, grads = jax.value_and_grad(loss_fn)(params)
    updates, opt_state = tx.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state, loss
  return train_step


def load_data(limit: int | None = None, seed: int = 0):
  """Digits as (N, 8, 8, 1) float32 in [0, 1]; a stratified 80/20 split."""
  pixels, target = load_digits(return_X_y=True)
  images = (np.asarray(pixels).reshape(-1, 8, 8) / 16.0).astype(
      np.float32)[..., None]
  target = np.asarray(target)
  x_tr, x_te, y_tr, y_te = train_test_split(
      images, target.astype(np.int32), test_size=0.2,
      stratify=target, random_state=seed)
  if limit is not None:
    x_tr, y_tr = x_tr[:limit], y_tr[:limit]
  return x_tr, y_tr, x_te, y_te


def layer_table(model: nn.Module, params, x) -> str:
  """Each submodule's output shape and parameter count, in call order.

  ``nn.intercept_methods`` sees every submodule call; ``jax.eval_shape`` runs
  the model on shapes only.
  """
  rows: list[tuple[str, Any, int]] = [("input", tuple(x.shape), 0)]

  def record(next_fun, args, kwargs, context):
    out = next_fun(*args, **kwargs)
    module = context.module
    if context.method_name == "__call__" and module.name is not None:
      shapes = [tuple(o.shape) for o in jax.tree.leaves(out)]
      count = sum(int(np.prod(v.shape)) for v in jax.tree.leaves(
          module.variables.get("params", {})))
      rows.append((module.name, shapes[0] if len(shapes) == 1 else shapes,
                   count))
    return out

  with nn.intercept_methods(record):
    jax.eval_shape(model.apply, params, x)
  total = sum(int(np.prod(v.shape)) for v in jax.tree.leaves(params))
  lines = [f"{'layer':<12} {'output shape':<16} {'params':>8}", "-" * 38]
  lines += [f"{n:<12} {str(s):<16} " + (f"{c:>8,}" if c else "")
            for n, s, c in rows]
  lines += ["-" * 38, f"{'total':<29} {total:>8,}"]
  return "\n".join(lines)


def main(argv=None) -> dict:
  parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
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
  model = DigitsCNN()
  params = jax.jit(model.init)(jax.random.key(args.seed), x_tr[:1])
  print(layer_table(model, params, x_tr[:1]))

  tx = optax.adam(args.lr)
  opt_state = tx.init(params)

  train_step = jax.jit(make_train_step(model, tx))

  @jax.jit
  def predict(params, x):
    return jnp.argmax(cast(jax.Array, model.apply(params, x)), axis=-1)

  rng = np.random.default_rng(args.seed)
  steps = max(len(x_tr) // args.batch_size, 1)
  bar = tqdm(total=args.epochs * steps, desc="training", unit="step",
             disable=args.no_progress)
  loss = jnp.nan
  for epoch in range(args.epochs):
    order = rng.permutation(len(x_tr))
    for i in range(steps):  # drop the last partial batch: one compiled shape
      batch = order[i * args.batch_size:(i + 1) * args.batch_size]
      params, opt_state, loss = train_step(params, opt_state, x_tr[batch],
                                           y_tr[batch])
      bar.update()
    bar.set_postfix(epoch=epoch + 1, loss=f"{float(loss):.4f}")
  bar.close()

  correct = int((np.asarray(predict(params, x_te)) == y_te).sum())
  accuracy = correct / len(y_te)
  seconds = time.perf_counter() - start
  print(f"held-out accuracy: {100 * accuracy:.2f}% ({correct}/{len(y_te)}) "
        f"after {args.epochs} epochs in {seconds:.1f} s")
  return {"accuracy": accuracy, "seconds": seconds, "params": params}


if __name__ == "__main__":
  main()
