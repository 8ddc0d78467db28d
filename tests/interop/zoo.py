"""Reference architectures written out with torchvision's attribute names
(torchvision's wheels do not load against this CPU build of PyTorch), at
small widths and inputs, for the converter's tests.

Each entry of :data:`ZOO` builds a model (``dropout`` sets every dropout
probability, 0 for the training-step tests) and gives its input shape.
"""

from collections import OrderedDict
from typing import Callable

import torch
import torch.nn.functional as F
from torch import Tensor, nn


# -- LeNet (the PyTorch tutorial's): functional calls and view. -------------


class LeNet(nn.Module):
  def __init__(self, dropout: float = 0.0):
    super().__init__()
    self.conv1 = nn.Conv2d(1, 6, 5)
    self.conv2 = nn.Conv2d(6, 16, 5)
    self.fc1 = nn.Linear(16 * 5 * 5, 120)
    self.fc2 = nn.Linear(120, 84)
    self.fc3 = nn.Linear(84, 10)

  def forward(self, x):
    x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
    x = F.max_pool2d(F.relu(self.conv2(x)), 2)
    x = x.view(-1, 16 * 5 * 5)
    x = F.relu(self.fc1(x))
    x = F.relu(self.fc2(x))
    return self.fc3(x)


# -- AlexNet. ---------------------------------------------------------------


class AlexNet(nn.Module):
  def __init__(self, num_classes: int = 10, dropout: float = 0.5):
    super().__init__()
    self.features = nn.Sequential(
        nn.Conv2d(3, 8, kernel_size=11, stride=4, padding=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(8, 12, kernel_size=5, padding=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(12, 16, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(16, 16, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(16, 8, kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
    )
    self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
    self.classifier = nn.Sequential(
        nn.Dropout(p=dropout),
        nn.Linear(8 * 6 * 6, 32),
        nn.ReLU(inplace=True),
        nn.Dropout(p=dropout),
        nn.Linear(32, 32),
        nn.ReLU(inplace=True),
        nn.Linear(32, num_classes),
    )

  def forward(self, x: Tensor) -> Tensor:
    x = self.features(x)
    x = self.avgpool(x)
    x = torch.flatten(x, 1)
    return self.classifier(x)


# -- VGG with BatchNorm (configuration "A", widths / 16). --------------------


class VGG(nn.Module):
  def __init__(self, features: nn.Module, num_classes: int = 10,
               dropout: float = 0.5):
    super().__init__()
    self.features = features
    self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
    self.classifier = nn.Sequential(
        nn.Linear(16 * 7 * 7, 32), nn.ReLU(True), nn.Dropout(p=dropout),
        nn.Linear(32, 32), nn.ReLU(True), nn.Dropout(p=dropout),
        nn.Linear(32, num_classes))

  def forward(self, x: Tensor) -> Tensor:
    x = self.features(x)
    x = self.avgpool(x)
    x = torch.flatten(x, 1)
    return self.classifier(x)


def make_layers(cfg, batch_norm: bool = False) -> nn.Sequential:
  layers: list = []
  in_channels = 3
  for v in cfg:
    if v == "M":
      layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
    else:
      conv2d = nn.Conv2d(in_channels, v, kernel_size=3, padding=1)
      if batch_norm:
        layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]
      else:
        layers += [conv2d, nn.ReLU(inplace=True)]
      in_channels = v
  return nn.Sequential(*layers)


def vgg11_bn(dropout: float = 0.5) -> VGG:
  cfg = [4, "M", 8, "M", 16, 16, "M", 16, 16, "M", 16, 16, "M"]
  return VGG(make_layers(cfg, batch_norm=True), dropout=dropout)


# -- ResNet: BasicBlock and Bottleneck, downsample. --------------------------


def conv3x3(in_planes, out_planes, stride=1, groups=1, dilation=1):
  return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride,
                   padding=dilation, groups=groups, bias=False,
                   dilation=dilation)


def conv1x1(in_planes, out_planes, stride=1):
  return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride,
                   bias=False)


class BasicBlock(nn.Module):
  expansion: int = 1

  def __init__(self, inplanes, planes, stride=1, downsample=None):
    super().__init__()
    self.conv1 = conv3x3(inplanes, planes, stride)
    self.bn1 = nn.BatchNorm2d(planes)
    self.relu = nn.ReLU(inplace=True)
    self.conv2 = conv3x3(planes, planes)
    self.bn2 = nn.BatchNorm2d(planes)
    self.downsample = downsample
    self.stride = stride

  def forward(self, x: Tensor) -> Tensor:
    identity = x
    out = self.conv1(x)
    out = self.bn1(out)
    out = self.relu(out)
    out = self.conv2(out)
    out = self.bn2(out)
    if self.downsample is not None:
      identity = self.downsample(x)
    out += identity
    out = self.relu(out)
    return out


class Bottleneck(nn.Module):
  expansion: int = 4

  def __init__(self, inplanes, planes, stride=1, downsample=None):
    super().__init__()
    width = planes
    self.conv1 = conv1x1(inplanes, width)
    self.bn1 = nn.BatchNorm2d(width)
    self.conv2 = conv3x3(width, width, stride)
    self.bn2 = nn.BatchNorm2d(width)
    self.conv3 = conv1x1(width, planes * self.expansion)
    self.bn3 = nn.BatchNorm2d(planes * self.expansion)
    self.relu = nn.ReLU(inplace=True)
    self.downsample = downsample
    self.stride = stride

  def forward(self, x: Tensor) -> Tensor:
    identity = x
    out = self.relu(self.bn1(self.conv1(x)))
    out = self.relu(self.bn2(self.conv2(out)))
    out = self.bn3(self.conv3(out))
    if self.downsample is not None:
      identity = self.downsample(x)
    out += identity
    out = self.relu(out)
    return out


class ResNet(nn.Module):
  def __init__(self, block, layers, num_classes: int = 10, width: int = 8):
    super().__init__()
    self.inplanes = width
    self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2,
                           padding=3, bias=False)
    self.bn1 = nn.BatchNorm2d(self.inplanes)
    self.relu = nn.ReLU(inplace=True)
    self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
    self.stages = len(layers)
    for i, n in enumerate(layers):
      stride = 1 if i == 0 else 2
      setattr(self, f"layer{i + 1}",
              self._make_layer(block, width * 2 ** i, n, stride))
    self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
    self.fc = nn.Linear(width * 2 ** (len(layers) - 1) * block.expansion,
                        num_classes)
    for m in self.modules():
      if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out",
                                nonlinearity="relu")

  def _make_layer(self, block, planes, blocks, stride=1):
    downsample = None
    if stride != 1 or self.inplanes != planes * block.expansion:
      downsample = nn.Sequential(
          conv1x1(self.inplanes, planes * block.expansion, stride),
          nn.BatchNorm2d(planes * block.expansion))
    layers = [block(self.inplanes, planes, stride, downsample)]
    self.inplanes = planes * block.expansion
    for _ in range(1, blocks):
      layers.append(block(self.inplanes, planes))
    return nn.Sequential(*layers)

  def forward(self, x: Tensor) -> Tensor:
    x = self.conv1(x)
    x = self.bn1(x)
    x = self.relu(x)
    x = self.maxpool(x)
    for i in range(self.stages):
      x = getattr(self, f"layer{i + 1}")(x)
    x = self.avgpool(x)
    x = torch.flatten(x, 1)
    return self.fc(x)


# -- GoogLeNet / Inception (two of its nine blocks): channel concatenation,
# ceil_mode pools. -------------------------------------------------------------


class BasicConv2d(nn.Module):
  def __init__(self, in_channels, out_channels, **kwargs):
    super().__init__()
    self.conv = nn.Conv2d(in_channels, out_channels, bias=False, **kwargs)
    self.bn = nn.BatchNorm2d(out_channels, eps=0.001)

  def forward(self, x: Tensor) -> Tensor:
    return F.relu(self.bn(self.conv(x)), inplace=True)


class Inception(nn.Module):
  def __init__(self, in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5,
               pool_proj):
    super().__init__()
    self.branch1 = BasicConv2d(in_channels, ch1x1, kernel_size=1)
    self.branch2 = nn.Sequential(
        BasicConv2d(in_channels, ch3x3red, kernel_size=1),
        BasicConv2d(ch3x3red, ch3x3, kernel_size=3, padding=1))
    self.branch3 = nn.Sequential(
        BasicConv2d(in_channels, ch5x5red, kernel_size=1),
        BasicConv2d(ch5x5red, ch5x5, kernel_size=3, padding=1))
    self.branch4 = nn.Sequential(
        nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True),
        BasicConv2d(in_channels, pool_proj, kernel_size=1))

  def _forward(self, x: Tensor) -> list:
    return [self.branch1(x), self.branch2(x), self.branch3(x),
            self.branch4(x)]

  def forward(self, x: Tensor) -> Tensor:
    return torch.cat(self._forward(x), 1)


class GoogLeNet(nn.Module):
  def __init__(self, num_classes: int = 10, dropout: float = 0.2):
    super().__init__()
    self.conv1 = BasicConv2d(3, 8, kernel_size=7, stride=2, padding=3)
    self.maxpool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
    self.conv2 = BasicConv2d(8, 8, kernel_size=1)
    self.conv3 = BasicConv2d(8, 24, kernel_size=3, padding=1)
    self.maxpool2 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
    self.inception3a = Inception(24, 8, 12, 16, 2, 4, 4)
    self.maxpool3 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
    self.inception4a = Inception(32, 24, 12, 26, 2, 6, 8)
    self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
    self.dropout = nn.Dropout(p=dropout)
    self.fc = nn.Linear(64, num_classes)

  def forward(self, x: Tensor) -> Tensor:
    x = self.maxpool1(self.conv1(x))
    x = self.maxpool2(self.conv3(self.conv2(x)))
    x = self.maxpool3(self.inception3a(x))
    x = self.inception4a(x)
    x = self.avgpool(x)
    x = torch.flatten(x, 1)
    x = self.dropout(x)
    return self.fc(x)


# -- DenseNet: concatenation, a ModuleDict block. ----------------------------


class _DenseLayer(nn.Module):
  def __init__(self, num_input_features, growth_rate, bn_size, drop_rate):
    super().__init__()
    self.norm1 = nn.BatchNorm2d(num_input_features)
    self.relu1 = nn.ReLU(inplace=True)
    self.conv1 = nn.Conv2d(num_input_features, bn_size * growth_rate,
                           kernel_size=1, stride=1, bias=False)
    self.norm2 = nn.BatchNorm2d(bn_size * growth_rate)
    self.relu2 = nn.ReLU(inplace=True)
    self.conv2 = nn.Conv2d(bn_size * growth_rate, growth_rate, kernel_size=3,
                           stride=1, padding=1, bias=False)
    self.drop_rate = float(drop_rate)

  def bn_function(self, inputs: list) -> Tensor:
    concated_features = torch.cat(inputs, 1)
    return self.conv1(self.relu1(self.norm1(concated_features)))

  def forward(self, input) -> Tensor:
    prev_features = [input] if isinstance(input, Tensor) else input
    bottleneck_output = self.bn_function(prev_features)
    new_features = self.conv2(self.relu2(self.norm2(bottleneck_output)))
    if self.drop_rate > 0:
      new_features = F.dropout(new_features, p=self.drop_rate,
                               training=self.training)
    return new_features


class _DenseBlock(nn.ModuleDict):
  def __init__(self, num_layers, num_input_features, bn_size, growth_rate,
               drop_rate):
    super().__init__()
    for i in range(num_layers):
      layer = _DenseLayer(num_input_features + i * growth_rate, growth_rate,
                          bn_size, drop_rate)
      self.add_module("denselayer%d" % (i + 1), layer)

  def forward(self, init_features: Tensor) -> Tensor:
    features = [init_features]
    for name, layer in self.items():
      new_features = layer(features)
      features.append(new_features)
    return torch.cat(features, 1)


class _Transition(nn.Sequential):
  def __init__(self, num_input_features, num_output_features):
    super().__init__()
    self.norm = nn.BatchNorm2d(num_input_features)
    self.relu = nn.ReLU(inplace=True)
    self.conv = nn.Conv2d(num_input_features, num_output_features,
                          kernel_size=1, stride=1, bias=False)
    self.pool = nn.AvgPool2d(kernel_size=2, stride=2)


class DenseNet(nn.Module):
  def __init__(self, growth_rate=4, block_config=(2, 2),
               num_init_features=8, bn_size=2, drop_rate=0.0,
               num_classes=10):
    super().__init__()
    self.features = nn.Sequential(OrderedDict([
        ("conv0", nn.Conv2d(3, num_init_features, kernel_size=7, stride=2,
                            padding=3, bias=False)),
        ("norm0", nn.BatchNorm2d(num_init_features)),
        ("relu0", nn.ReLU(inplace=True)),
        ("pool0", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
    ]))
    num_features = num_init_features
    for i, num_layers in enumerate(block_config):
      block = _DenseBlock(num_layers, num_features, bn_size, growth_rate,
                          drop_rate)
      self.features.add_module("denseblock%d" % (i + 1), block)
      num_features = num_features + num_layers * growth_rate
      if i != len(block_config) - 1:
        trans = _Transition(num_features, num_features // 2)
        self.features.add_module("transition%d" % (i + 1), trans)
        num_features = num_features // 2
    self.features.add_module("norm5", nn.BatchNorm2d(num_features))
    self.classifier = nn.Linear(num_features, num_classes)

  def forward(self, x: Tensor) -> Tensor:
    features = self.features(x)
    out = F.relu(features, inplace=True)
    out = F.adaptive_avg_pool2d(out, (1, 1))
    out = torch.flatten(out, 1)
    return self.classifier(out)


# -- MobileNetV2: groups, ReLU6, residual. -----------------------------------


class Conv2dNormActivation(nn.Sequential):
  def __init__(self, in_planes, out_planes, kernel_size=3, stride=1,
               groups=1, activation_layer=nn.ReLU6):
    padding = (kernel_size - 1) // 2
    layers = [nn.Conv2d(in_planes, out_planes, kernel_size, stride, padding,
                        groups=groups, bias=False),
              nn.BatchNorm2d(out_planes)]
    if activation_layer is not None:
      layers.append(activation_layer(inplace=True))
    super().__init__(*layers)
    self.out_channels = out_planes


class InvertedResidual(nn.Module):
  def __init__(self, inp, oup, stride, expand_ratio):
    super().__init__()
    self.stride = stride
    hidden_dim = int(round(inp * expand_ratio))
    self.use_res_connect = self.stride == 1 and inp == oup
    layers: list = []
    if expand_ratio != 1:
      layers.append(Conv2dNormActivation(inp, hidden_dim, kernel_size=1))
    layers.extend([
        Conv2dNormActivation(hidden_dim, hidden_dim, stride=stride,
                             groups=hidden_dim),
        nn.Conv2d(hidden_dim, oup, 1, 1, 0, bias=False),
        nn.BatchNorm2d(oup)])
    self.conv = nn.Sequential(*layers)
    self.out_channels = oup

  def forward(self, x: Tensor) -> Tensor:
    if self.use_res_connect:
      return x + self.conv(x)
    return self.conv(x)


class MobileNetV2(nn.Module):
  def __init__(self, num_classes=10, dropout=0.2):
    super().__init__()
    input_channel, last_channel = 8, 24
    setting = [[1, 8, 1, 1], [6, 12, 2, 2]]
    features: list = [Conv2dNormActivation(3, input_channel, stride=2)]
    for t, c, n, s in setting:
      for i in range(n):
        features.append(InvertedResidual(input_channel, c,
                                         s if i == 0 else 1, expand_ratio=t))
        input_channel = c
    features.append(Conv2dNormActivation(input_channel, last_channel,
                                         kernel_size=1))
    self.features = nn.Sequential(*features)
    self.classifier = nn.Sequential(nn.Dropout(p=dropout),
                                    nn.Linear(last_channel, num_classes))

  def forward(self, x: Tensor) -> Tensor:
    x = self.features(x)
    x = nn.functional.adaptive_avg_pool2d(x, (1, 1))
    x = torch.flatten(x, 1)
    return self.classifier(x)


# -- SqueezeNet 1.1: Fire modules, ceil_mode pools, a conv classifier. -------


class Fire(nn.Module):
  def __init__(self, inplanes, squeeze_planes, expand1x1_planes,
               expand3x3_planes):
    super().__init__()
    self.squeeze = nn.Conv2d(inplanes, squeeze_planes, kernel_size=1)
    self.squeeze_activation = nn.ReLU(inplace=True)
    self.expand1x1 = nn.Conv2d(squeeze_planes, expand1x1_planes,
                               kernel_size=1)
    self.expand1x1_activation = nn.ReLU(inplace=True)
    self.expand3x3 = nn.Conv2d(squeeze_planes, expand3x3_planes,
                               kernel_size=3, padding=1)
    self.expand3x3_activation = nn.ReLU(inplace=True)

  def forward(self, x: Tensor) -> Tensor:
    x = self.squeeze_activation(self.squeeze(x))
    return torch.cat([self.expand1x1_activation(self.expand1x1(x)),
                      self.expand3x3_activation(self.expand3x3(x))], 1)


class SqueezeNet(nn.Module):
  def __init__(self, num_classes=10, dropout=0.5):
    super().__init__()
    self.features = nn.Sequential(
        nn.Conv2d(3, 16, kernel_size=3, stride=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(16, 4, 8, 8),
        Fire(16, 4, 8, 8),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(16, 8, 12, 12),
        nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
        Fire(24, 8, 16, 16),
    )
    final_conv = nn.Conv2d(32, num_classes, kernel_size=1)
    self.classifier = nn.Sequential(nn.Dropout(p=dropout), final_conv,
                                    nn.ReLU(inplace=True),
                                    nn.AdaptiveAvgPool2d((1, 1)))

  def forward(self, x: Tensor) -> Tensor:
    x = self.features(x)
    x = self.classifier(x)
    return torch.flatten(x, 1)


# -- SegNet-style: pooling indices and unpooling. ---------------------------


class SegNet(nn.Module):
  def __init__(self, num_classes=3, dropout=0.0):
    super().__init__()
    self.enc1 = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1),
                              nn.BatchNorm2d(8), nn.ReLU(inplace=True))
    self.enc2 = nn.Sequential(nn.Conv2d(8, 12, 3, padding=1),
                              nn.BatchNorm2d(12), nn.ReLU(inplace=True))
    self.pool = nn.MaxPool2d(2, 2, return_indices=True)
    self.unpool = nn.MaxUnpool2d(2, 2)
    self.dec2 = nn.Sequential(nn.Conv2d(12, 8, 3, padding=1),
                              nn.BatchNorm2d(8), nn.ReLU(inplace=True))
    self.dec1 = nn.Conv2d(8, num_classes, 3, padding=1,
                          padding_mode="reflect")

  def forward(self, x: Tensor) -> Tensor:
    x1 = self.enc1(x)
    p1, i1 = self.pool(x1)
    x2 = self.enc2(p1)
    p2, i2 = self.pool(x2)
    d2 = self.unpool(p2, i2, output_size=x2.size())
    d2 = self.dec2(d2)
    d1 = F.max_unpool2d(d2, i1, 2, 2, output_size=x1.shape[2:])
    return F.log_softmax(self.dec1(d1), dim=1)


# -- Functional calls, Parameters of its own, view and sizes. ---------------


class FunctionalNet(nn.Module):
  def __init__(self, dropout: float = 0.0):
    super().__init__()
    self.weight = nn.Parameter(torch.randn(6, 3, 3, 3) * 0.3)
    self.bias = nn.Parameter(torch.randn(6) * 0.1)
    self.scale = nn.Parameter(torch.rand(6, 1, 1) + 0.5)
    self.register_buffer("shift", torch.randn(6, 1, 1) * 0.1)
    self.fc_weight = nn.Parameter(torch.randn(10, 6 * 4 * 4) * 0.1)
    self.head = nn.Linear(10, 4)
    self.p = dropout

  def forward(self, x: Tensor):
    n = x.shape[0]
    x = F.conv2d(x, self.weight, self.bias, stride=1, padding="same")
    x = F.leaky_relu(x * self.scale + self.shift, 0.1)
    x = F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True,
                     count_include_pad=False)
    x = F.adaptive_max_pool2d(x, (4, 4))
    y = x.permute(0, 2, 3, 1).mean(dim=(1, 2))  # (N, C)
    x = x.view(n, -1)
    x = F.dropout(x, p=self.p, training=self.training)
    x = F.linear(x, self.fc_weight)
    x = torch.sigmoid(x) - 0.5
    return F.softmax(self.head(x), dim=-1), y.size(1), torch.stack(
        [y, -y], dim=1).amax(1)


# -- 1-d and 3-d nets. -------------------------------------------------------


class Net1d(nn.Module):
  def __init__(self, dropout: float = 0.0):
    super().__init__()
    self.features = nn.Sequential(
        nn.Conv1d(3, 8, 5, stride=2, padding=2),
        nn.BatchNorm1d(8), nn.ReLU(inplace=True),
        nn.MaxPool1d(3, stride=2, ceil_mode=True),
        nn.Conv1d(8, 8, 4, padding="same", dilation=2, groups=2),
        nn.BatchNorm1d(8), nn.ELU(),
        nn.Dropout1d(dropout),
        nn.AvgPool1d(2, ceil_mode=True),
        nn.Conv1d(8, 12, 3, padding="valid", padding_mode="circular"),
    )
    self.pool = nn.AdaptiveAvgPool1d(4)
    self.flatten = nn.Flatten()
    self.fc = nn.Linear(12 * 4, 5)
    self.bn = nn.BatchNorm1d(5)

  def forward(self, x: Tensor) -> Tensor:
    return self.bn(self.fc(self.flatten(self.pool(self.features(x)))))


class Net3d(nn.Module):
  def __init__(self, dropout: float = 0.0):
    super().__init__()
    self.conv1 = nn.Conv3d(2, 8, (3, 3, 3), stride=(1, 2, 2),
                           padding=(1, 0, 1))
    self.bn1 = nn.BatchNorm3d(8)
    self.act = nn.Hardswish()
    self.pool1 = nn.MaxPool3d(2, ceil_mode=True)
    self.conv2 = nn.Conv3d(8, 8, 3, padding=1, groups=4, bias=False,
                           padding_mode="replicate")
    self.bn2 = nn.BatchNorm3d(8, momentum=None)
    self.drop = nn.Dropout3d(dropout)
    self.pool2 = nn.AvgPool3d((1, 2, 2))
    self.fc = nn.Linear(8 * 3 * 2 * 2, 3)

  def forward(self, x: Tensor) -> Tensor:
    x = self.pool1(self.act(self.bn1(self.conv1(x))))
    x = self.pool2(self.drop(F.relu(self.bn2(self.conv2(x)))))
    return self.fc(x.flatten(1))


ZOO: dict[str, tuple[Callable[..., nn.Module], tuple[int, ...]]] = {
    "lenet": (LeNet, (2, 1, 32, 32)),
    "alexnet": (lambda dropout=0.5: AlexNet(dropout=dropout),
                (2, 3, 224, 224)),
    "vgg11_bn": (vgg11_bn, (2, 3, 64, 64)),
    "resnet_basic": (lambda dropout=0.0: ResNet(BasicBlock, [2, 1, 1]),
                     (2, 3, 32, 32)),
    "resnet_bottleneck": (
        lambda dropout=0.0: ResNet(Bottleneck, [1, 2], width=4),
        (2, 3, 32, 32)),
    "googlenet": (lambda dropout=0.2: GoogLeNet(dropout=dropout),
                  (2, 3, 64, 64)),
    "densenet": (lambda dropout=0.0: DenseNet(drop_rate=dropout),
                 (2, 3, 32, 32)),
    "mobilenet_v2": (lambda dropout=0.2: MobileNetV2(dropout=dropout),
                     (2, 3, 32, 32)),
    "squeezenet": (lambda dropout=0.5: SqueezeNet(dropout=dropout),
                   (2, 3, 64, 64)),
    "segnet": (SegNet, (2, 3, 30, 30)),
    "functional": (FunctionalNet, (2, 3, 15, 15)),
    "net1d": (Net1d, (2, 3, 50)),
    "net3d": (Net3d, (2, 2, 6, 16, 16)),
}


def build(name: str, dropout=None, seed: int = 0) -> nn.Module:
  """A zoo model with seeded weights and BatchNorm statistics away from
  their defaults (so that eval mode reads them)."""
  make, _ = ZOO[name]
  torch.manual_seed(seed)
  model = make() if dropout is None else make(dropout=dropout)
  g = torch.Generator().manual_seed(seed + 1)
  with torch.no_grad():
    for m in model.modules():
      if isinstance(m, nn.modules.batchnorm._BatchNorm):
        m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
        m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
        m.num_batches_tracked.fill_(int(torch.randint(1, 50, (1,),
                                                      generator=g)))
        m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
        m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.1)
  return model


def example(name: str, seed: int = 0) -> torch.Tensor:
  _, shape = ZOO[name]
  return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))
