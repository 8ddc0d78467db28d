"""Convert a PyTorch ResNet-18 to Flax in one call, check it, fine-tune it
in JAX, and load the result back into PyTorch.

The model is torchvision's ResNet-18 written out (BasicBlock, [2, 2, 2, 2],
11.7M parameters, torchvision's attribute names), with BatchNorm statistics
away from their defaults, as a trained model has. The steps:

    module, variables = from_torch(net, example)       # a linen Module
    compare_with_torch(net, lambda x: module.apply(variables, x), x)
    ... jax.value_and_grad of module.apply(..., train=True,
                                           mutable=["batch_stats"]) ...
    net.load_state_dict(to_torch_state_dict(module, variables))

``print(to_flax_source(net, example))`` shows the Module's source.

Run:   python examples/convert_resnet.py          (needs PyTorch and optax)
       python examples/convert_resnet.py --width 8 --size 64   (smaller)
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Optional

import jax
import jax.numpy as jnp
import numpy as np
import optax
import torch
from torch import nn

from jaxpool.interop import compare_with_torch
from jaxpool.interop import from_torch
from jaxpool.interop import to_torch_state_dict


class BasicBlock(nn.Module):
  """torchvision's BasicBlock: two 3x3 convolutions and a shortcut."""

  def __init__(self, inplanes: int, planes: int, stride: int = 1,
               downsample: Optional[nn.Module] = None):
    super().__init__()
    self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
    self.bn1 = nn.BatchNorm2d(planes)
    self.relu = nn.ReLU(inplace=True)
    self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
    self.bn2 = nn.BatchNorm2d(planes)
    self.downsample = downsample

  def forward(self, x: torch.Tensor) -> torch.Tensor:
    identity = x
    out = self.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    if self.downsample is not None:
      identity = self.downsample(x)
    out += identity
    return self.relu(out)


class ResNet18(nn.Module):
  """torchvision's resnet18 (``width=64``), or narrower."""

  def __init__(self, num_classes: int = 1000, width: int = 64):
    super().__init__()
    self.inplanes = width
    self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
    self.bn1 = nn.BatchNorm2d(width)
    self.relu = nn.ReLU(inplace=True)
    self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
    self.layer1 = self._make_layer(width, 1)
    self.layer2 = self._make_layer(width * 2, 2)
    self.layer3 = self._make_layer(width * 4, 2)
    self.layer4 = self._make_layer(width * 8, 2)
    self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
    self.fc = nn.Linear(width * 8, num_classes)

  def _make_layer(self, planes: int, stride: int) -> nn.Sequential:
    downsample = None
    if stride != 1 or self.inplanes != planes:
      downsample = nn.Sequential(
          nn.Conv2d(self.inplanes, planes, 1, stride, bias=False),
          nn.BatchNorm2d(planes))
    blocks = [BasicBlock(self.inplanes, planes, stride, downsample),
              BasicBlock(planes, planes)]
    self.inplanes = planes
    return nn.Sequential(*blocks)

  def forward(self, x: torch.Tensor) -> torch.Tensor:
    x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
    x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
    x = torch.flatten(self.avgpool(x), 1)
    return self.fc(x)


def resnet18(width: int = 64, num_classes: int = 1000,
             seed: int = 0) -> ResNet18:
  """A ResNet-18 with seeded weights and BatchNorm statistics, as trained."""
  torch.manual_seed(seed)
  net = ResNet18(num_classes, width)
  with torch.no_grad():
    for name, buffer in net.named_buffers():
      if name.endswith("running_mean"):
        buffer.normal_(0.0, 0.1)
      elif name.endswith("running_var"):
        buffer.uniform_(0.5, 1.5)
      else:  # num_batches_tracked
        buffer.fill_(100)
  return net.eval()


def main(argv: Optional[list[str]] = None) -> dict[str, Any]:
  parser = argparse.ArgumentParser(
      description="Convert a PyTorch ResNet-18 to Flax, fine-tune it in JAX, "
                  "load it back into PyTorch.")
  parser.add_argument("--width", type=int, default=64,
                      help="channels of the first stage (64: ResNet-18)")
  parser.add_argument("--size", type=int, default=128, help="image size")
  parser.add_argument("--batch", type=int, default=8)
  parser.add_argument("--classes", type=int, default=1000)
  parser.add_argument("--steps", type=int, default=3,
                      help="fine-tuning steps in JAX")
  args = parser.parse_args(argv)

  net = resnet18(args.width, args.classes)
  params = sum(p.numel() for p in net.parameters())
  print(f"ResNet-18 (width {args.width}): {params:,} parameters")
  rng = np.random.default_rng(0)
  images = rng.standard_normal((args.batch, 3, args.size, args.size),
                               dtype=np.float32)
  labels = rng.integers(0, args.classes, args.batch)

  start = time.perf_counter()
  module, variables = from_torch(net, torch.from_numpy(images[:1]))
  print(f"converted in {time.perf_counter() - start:.2f} s")

  def predict(variables: Any) -> Any:
    return jax.jit(lambda x: module.apply(variables, x))

  before = compare_with_torch(net, predict(variables), images, atol=1e-3)
  print(f"before fine-tuning, the largest difference from PyTorch:\n{before}")

  # Fine-tune in JAX, in PyTorch's training mode: BatchNorm on the batch's
  # statistics, updating the running ones.
  x = jnp.asarray(np.moveaxis(images, 1, -1))  # channels last
  y = jnp.asarray(labels)
  optimizer = optax.sgd(0.01, momentum=0.9)
  state = optimizer.init(variables["params"])

  def loss_fn(params: Any, stats: Any) -> Any:
    logits, updates = module.apply({"params": params, "batch_stats": stats},
                                   x, train=True, mutable=["batch_stats"])
    loss = optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()
    return loss, updates["batch_stats"]

  @jax.jit
  def step(params: Any, stats: Any, state: Any) -> Any:
    (loss, stats), grads = jax.value_and_grad(loss_fn, has_aux=True)(
        params, stats)
    updates, state = optimizer.update(grads, state, params)
    return optax.apply_updates(params, updates), stats, state, loss

  params, stats = variables["params"], variables["batch_stats"]
  losses = []
  for i in range(args.steps):
    params, stats, state, loss = step(params, stats, state)
    losses.append(float(loss))
    print(f"step {i + 1}: loss {losses[-1]:.4f}")
  tuned = {"params": params, "batch_stats": stats}

  # Back into PyTorch: the fine-tuned weights and running statistics.
  net.load_state_dict({k: torch.from_numpy(v) for k, v in
                       to_torch_state_dict(module, tuned).items()})
  after = compare_with_torch(net, predict(tuned), images, atol=1e-3)
  print(f"after loading the fine-tuned weights into PyTorch:\n{after}")
  return {"params": params, "losses": losses, "max_abs_before":
          before.max_abs, "max_abs_after": after.max_abs}


if __name__ == "__main__":
  main()
