"""Port a PyTorch CNN with BatchNorm to Flax + jaxpool, and check the port.

The PyTorch model is a small VGG-style network (conv-bn-relu-maxpool twice,
flatten, Linear, ReLU, Linear), defined here and given BatchNorm statistics
by a few training-mode passes, as a trained model has. Its Flax twin is
channels-last and uses jaxpool's layers, which keep PyTorch's semantics. The
port is three lines:

    variables = model.init(key, x)                          # the template
    variables = load_torch_state_dict(state_dict, variables,
                                      mapping="order",      # pair by position
                                      flatten={"classifier.0": (16, 4, 4)})

``mapping="order"`` pairs PyTorch's layers (state_dict order) with the Flax
model's (creation order), checking kinds and shapes; ``flatten`` permutes
the first Linear's input axis, because PyTorch flattens ``(C, H, W)`` and a
channels-last model ``(H, W, C)``. ``compare_with_torch`` then runs both on
the same images and prints the largest difference.

Run:   python examples/port_from_torch.py     (needs PyTorch, CPU is enough)
"""

from __future__ import annotations

import argparse

import flax.linen as nn
import jax
import numpy as np
import torch

import jaxpool.nn as jnn
from jaxpool.interop import compare_with_torch, load_torch_state_dict


class TorchVGG(torch.nn.Module):
  """(N, 3, 16, 16) images -> (N, 10) logits, PyTorch's layout."""

  def __init__(self):
    super().__init__()
    self.features = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8),
        torch.nn.ReLU(), torch.nn.MaxPool2d(2),            # (N, 8, 8, 8)
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.BatchNorm2d(16),
        torch.nn.ReLU(), torch.nn.MaxPool2d(2))            # (N, 16, 4, 4)
    self.classifier = torch.nn.Sequential(
        torch.nn.Linear(16 * 4 * 4, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 10))

  def forward(self, x):
    return self.classifier(self.features(x).flatten(1))


class FlaxVGG(nn.Module):
  """The twin: (N, 16, 16, 3) images -> (N, 10) logits, channels-last."""
  train: bool = False

  @nn.compact
  def __call__(self, x):
    for channels in (8, 16):
      x = nn.Conv(channels, (3, 3), padding=1)(x)
      # PyTorch's BatchNorm: momentum 0.1 is Flax's 0.9; eps 1e-5.
      x = nn.BatchNorm(use_running_average=not self.train, momentum=0.9,
                       epsilon=1e-5)(x)
      x = jnn.ReLU()(x)
      x = jnn.MaxPool2d(2)(x)
    x = x.reshape(x.shape[0], -1)                          # (N, 4*4*16)
    x = jnn.ReLU()(jnn.Linear(16 * 4 * 4, 32)(x))
    return jnn.Linear(32, 10)(x)


def trained_torch_model(seed: int = 0) -> TorchVGG:
  """A TorchVGG whose BatchNorm statistics are not the defaults."""
  torch.manual_seed(seed)
  model = TorchVGG().train()
  with torch.no_grad():
    for _ in range(3):
      model(torch.randn(32, 3, 16, 16) * 2 + 0.5)
  return model.eval()


def main(argv: list[str] | None = None) -> dict:
  parser = argparse.ArgumentParser(
      description="Port a PyTorch CNN with BatchNorm to Flax and check it.")
  parser.add_argument("--batch", type=int, default=8)
  parser.add_argument("--seed", type=int, default=0)
  args = parser.parse_args(argv)

  torch_model = trained_torch_model(args.seed)
  state_dict = {k: v.detach().cpu().numpy()
                for k, v in torch_model.state_dict().items()}

  model = FlaxVGG()
  # Un-jitted init: its params keep the creation order that "order" pairs by.
  variables = model.init(jax.random.key(0), np.zeros((1, 16, 16, 3),
                                                     np.float32))
  variables = load_torch_state_dict(state_dict, variables, mapping="order",
                                    flatten={"classifier.0": (16, 4, 4)})

  images = np.random.default_rng(args.seed).standard_normal(
      (args.batch, 3, 16, 16)).astype(np.float32)
  check = compare_with_torch(torch_model, lambda x: model.apply(variables, x),
                             images)
  print(check)
  print(f"max abs difference from PyTorch: {check.max_abs:.2e}")
  if check.max_abs >= 1e-4:
    raise SystemExit(f"port_from_torch: the port differs by "
                     f"{check.max_abs:.2e} >= 1e-4")
  return {"max_abs": check.max_abs, "max_rel": check.max_rel}


if __name__ == "__main__":
  main()
