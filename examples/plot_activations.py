"""Plot every elementwise activation of jaxpool.functional and its derivative.

The derivative is ``jax.vmap(jax.grad(f))``: what autodiff gives, including
the one-sided conventions at kinks (e.g. ReLU'(0) = 0, as PyTorch). Saves a
PNG grid, one panel per activation, like the curves in a textbook.

Run:   python examples/plot_activations.py    # writes out/activations.png
"""

from __future__ import annotations

import argparse
import os

import jax
import jax.numpy as jnp
import matplotlib
import numpy as np

matplotlib.use("Agg")  # files only; no display needed
import matplotlib.pyplot as plt  # noqa: E402

import jaxpool.functional as F  # noqa: E402

# (panel title, function name in jaxpool.functional, keyword arguments).
# Hyper-parameters are PyTorch's defaults unless the default would hide the
# shape of the curve (leaky_relu's 0.01 slope is shown as 0.1).
PANELS = [
    ("relu", "relu", {}),
    ("relu6", "relu6", {}),
    ("leaky_relu(0.1)", "leaky_relu", {"negative_slope": 0.1}),
    ("prelu(0.25)", "prelu", {"weight": jnp.float32(0.25)}),
    ("rrelu (eval)", "rrelu", {}),
    ("threshold(1, -1)", "threshold", {"threshold": 1.0, "value": -1.0}),
    ("hardtanh", "hardtanh", {}),
    ("hardshrink", "hardshrink", {}),
    ("softshrink", "softshrink", {}),
    ("tanhshrink", "tanhshrink", {}),
    ("elu", "elu", {}),
    ("selu", "selu", {}),
    ("celu(0.5)", "celu", {"alpha": 0.5}),
    ("gelu", "gelu", {}),
    ("gelu(tanh)", "gelu", {"approximate": "tanh"}),
    ("silu", "silu", {}),
    ("swish(2)", "swish", {"beta": 2.0}),
    ("mish", "mish", {}),
    ("sigmoid", "sigmoid", {}),
    ("hardsigmoid", "hardsigmoid", {}),
    ("hardswish", "hardswish", {}),
    ("tanh", "tanh", {}),
    ("softsign", "softsign", {}),
    ("softplus", "softplus", {}),
    ("logsigmoid", "logsigmoid", {}),
]

# Activations that are not elementwise maps R -> R, so have no such curve.
NOT_ELEMENTWISE = {"glu", "softmax", "softmin", "log_softmax", "softmax2d",
                   "maxout"}


def curves(points: int, lo: float = -4.0, hi: float = 4.0):
  """``[(title, x, f(x), f'(x)), ...]`` for the panels, as NumPy arrays."""
  def panel(fn, kwargs):
    def f(t):
      return fn(t, **kwargs)
    return f

  fns = [panel(getattr(F, name), kwargs) for _, name, kwargs in PANELS]

  @jax.jit  # one compilation for all the panels
  def evaluate(x):
    return [(jax.vmap(f)(x), jax.vmap(jax.grad(f))(x)) for f in fns]

  x = jnp.linspace(lo, hi, points, dtype=jnp.float32)
  return [(title, np.asarray(x), np.asarray(y), np.asarray(dy))
          for (title, _, _), (y, dy) in zip(PANELS, evaluate(x))]


def main(argv=None) -> str:
  parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
  parser.add_argument("--out", default=os.path.join("out", "activations.png"),
                      help="PNG path (default out/activations.png; out/ "
                      "is ignored by git)")
  parser.add_argument("--points", type=int, default=801,
                      help="samples per curve, on [-4, 4]")
  parser.add_argument("--dpi", type=int, default=100)
  args = parser.parse_args(argv)

  cols = 5
  rows = -(-len(PANELS) // cols)
  fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows),
                           sharex=True)
  for ax, (title, x, y, dy) in zip(axes.flat, curves(args.points)):
    ax.axhline(0, color="0.8", lw=0.8)
    ax.axvline(0, color="0.8", lw=0.8)
    ax.plot(x, y, lw=2, label="f(x)")
    ax.plot(x, dy, lw=1.5, ls="--", label="f'(x) (jax.grad)")
    ax.set_title(title)
    ax.set_ylim(-2.5, 4.5)
  for ax in list(axes.flat)[len(PANELS):]:
    ax.axis("off")
  axes.flat[0].legend(loc="upper left", fontsize="small")
  fig.suptitle("jaxpool activations and their derivatives")
  fig.tight_layout()
  os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
  fig.savefig(args.out, dpi=args.dpi)
  plt.close(fig)
  print(f"saved {len(PANELS)} activations to {args.out}")
  return args.out


if __name__ == "__main__":
  main()
