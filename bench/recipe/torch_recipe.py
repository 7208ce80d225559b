#!/usr/bin/python3
"""PyTorch reference of dl-train's default recipe (the `cnn` preset) on Fashion-MNIST.

The same CNN (apps/cli/src/models.ts): conv3x3-32 + BN + ReLU + maxpool, conv3x3-64 + BN + ReLU +
maxpool, dropout 0.25, dense 128 + ReLU + dropout 0.5, dense 10; Kaiming normal (fan_in, relu) weights
and zero biases for the hidden layers, PyTorch's default init for the classifier. The same data:
Debian's Fashion-MNIST IDX files, scaled to [0, 1] and standardised with mean 0.2860406 and std
0.3530242, 10% of the training set held out for validation (stratified, rounded per class: 54000 /
6000). SGD with Nesterov momentum 0.9 and weight decay 5e-4, OneCycleLR(max_lr=0.1) stepped after
every batch with PyTorch's defaults (pct_start 0.3, cos, div_factor 25, final_div_factor 1e4,
cycle_momentum between 0.95 and 0.85; --no-cycle-momentum holds 0.9 as dl-train does), batch 128
(the last smaller batch kept), per-image horizontal flip (p 0.5) then a 28x28 random crop of the
image padded by 2 with black, 3 epochs. torchvision is not needed: the flip and crop are done here.

    MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967295 MALLOC_TOP_PAD_=67108864 \\
      /usr/bin/python3 bench/recipe/torch_recipe.py [--threads 2] [--epochs 3] [--seed 0] [--no-cycle-momentum]

Prints one line per epoch (train loss / accuracy, validation loss / accuracy, lr, samples/s over the
training steps, seconds), the test loss and accuracy, and the mean training samples/s.
"""

import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

MEAN, STD = 0.2860406, 0.3530242
MALLOC_ENV = ('MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_TOP_PAD_')


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic, = struct.unpack('>I', data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(data_dir, split):
    prefix = 'train' if split == 'train' else 't10k'
    images = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte.gz'))
    labels = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte.gz'))
    x = (torch.from_numpy(images.astype(np.float32) / 255.0) - MEAN) / STD
    return x.unsqueeze(1).contiguous(), torch.from_numpy(labels.astype(np.int64))


def stratified_split(labels, fraction, generator):
    """Indices of the training and validation parts: round(count * fraction) of each class held out."""
    train, val = [], []
    for c in torch.unique(labels).tolist():
        idx = torch.nonzero(labels == c).flatten()
        idx = idx[torch.randperm(len(idx), generator=generator)]
        n_val = int(round(len(idx) * fraction))
        val.append(idx[:n_val])
        train.append(idx[n_val:])
    return torch.cat(train), torch.cat(val)


class Net(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.drop1 = nn.Dropout(0.25)
        self.fc1 = nn.Linear(7 * 7 * 64, 128)
        self.drop2 = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, classes)  # PyTorch's default init, as dl-train's classifier
        for layer in (self.conv1, self.conv2, self.fc1):
            nn.init.kaiming_normal_(layer.weight, mode='fan_in', nonlinearity='relu')
            nn.init.zeros_(layer.bias)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = torch.flatten(self.drop1(x), 1)
        x = self.drop2(F.relu(self.fc1(x)))
        return self.fc2(x)


def augment(x, generator, padding=2):
    """Per-image horizontal flip (p 0.5), then a random 28x28 crop of the image padded with black."""
    n, _, h, w = x.shape
    flip = torch.rand(n, generator=generator) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    fill = -MEAN / STD  # black after standardisation, as torchvision's Pad(fill=0) before Normalize
    padded = F.pad(x, (padding, padding, padding, padding), value=fill)
    top = torch.randint(0, 2 * padding + 1, (n,), generator=generator)
    left = torch.randint(0, 2 * padding + 1, (n,), generator=generator)
    rows = (top[:, None] + torch.arange(h))[:, :, None]  # [n, h, 1]
    cols = (left[:, None] + torch.arange(w))[:, None, :]  # [n, 1, w]
    return padded[torch.arange(n)[:, None, None], 0, rows, cols].unsqueeze(1)


def evaluate(model, x, y, batch_size=1000):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), batch_size):
            out = model(x[i:i + batch_size])
            loss += F.cross_entropy(out, y[i:i + batch_size], reduction='sum').item()
            correct += (out.argmax(1) == y[i:i + batch_size]).sum().item()
    return loss / len(y), correct / len(y)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--threads', type=int, default=2, help='torch.set_num_threads (default 2)')
    p.add_argument('--epochs', type=int, default=3)
    p.add_argument('--batch-size', type=int, default=128)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--no-cycle-momentum', action='store_true', help="hold momentum at 0.9 (dl-train's one-cycle) instead of OneCycleLR's 0.95-0.85 cycle")
    p.add_argument('--validation', type=float, default=0.1, help='fraction held out for validation (default 0.1, as dl-train)')
    p.add_argument('--data-dir', default='/usr/share/datasets/fashion-mnist')
    p.add_argument('--limit', type=int, help='use only the first n training images (a quick check)')
    p.add_argument('--json', help='also write the figures to this file')
    p.add_argument('--speed', type=int, metavar='BATCHES', help='only time the training step: one warm-up epoch and one timed epoch '
                   'of BATCHES batches of random images, printed as JSON (bench/train runs this)')
    args = p.parse_args()
    if args.speed:
        return measure_speed(args)

    missing = [k for k in MALLOC_ENV if k not in os.environ]
    if missing:
        print(f'note: {", ".join(missing)} not set; PyTorch on CPU is slower without them (see bench/recipe/README.md)', file=sys.stderr)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    g = torch.Generator().manual_seed(args.seed)

    x_all, y_all = load(args.data_dir, 'train')
    if args.limit:
        x_all, y_all = x_all[:args.limit], y_all[:args.limit]
    x_test, y_test = load(args.data_dir, 'test')
    if args.validation > 0:
        tr, va = stratified_split(y_all, args.validation, g)
        x_train, y_train, x_val, y_val = x_all[tr], y_all[tr], x_all[va], y_all[va]
    else:
        x_train, y_train, x_val, y_val = x_all, y_all, None, None
    n = len(y_train)
    steps_per_epoch = math.ceil(n / args.batch_size)

    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=args.epochs * steps_per_epoch, cycle_momentum=not args.no_cycle_momentum)
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS {blas()}; {n} train, {0 if y_val is None else len(y_val)} validation, '
          f'{len(y_test)} test images; {args.epochs} epochs x {steps_per_epoch} steps, batch {args.batch_size}, '
          f'cycle_momentum {not args.no_cycle_momentum}')

    epochs = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(n, generator=g)
        loss_sum, correct, seen = 0.0, 0, 0
        start = time.perf_counter()
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            xb, yb = augment(x_train[idx], g), y_train[idx]
            out = model(xb)
            loss = F.cross_entropy(out, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(yb)
            correct += (out.argmax(1) == yb).sum().item()
            seen += len(yb)
        train_seconds = time.perf_counter() - start
        lr = opt.param_groups[0]['lr']
        val_loss, val_acc = evaluate(model, x_val, y_val) if y_val is not None else (float('nan'), float('nan'))
        seconds = time.perf_counter() - start
        e = dict(epoch=epoch, loss=loss_sum / seen, accuracy=correct / seen, valLoss=val_loss, valAccuracy=val_acc, lr=lr,
                 samplesPerSecond=seen / train_seconds, seconds=seconds)
        epochs.append(e)
        print(f"epoch {epoch}/{args.epochs} | loss {e['loss']:.4f} | acc {e['accuracy']:.4f} | val loss {val_loss:.4f} | "
              f"val acc {val_acc:.4f} | lr {lr:.2e} | {e['samplesPerSecond']:.0f} samples/s | {seconds:.1f} s", flush=True)

    test_loss, test_acc = evaluate(model, x_test, y_test)
    speed = sum(e['samplesPerSecond'] for e in epochs) / len(epochs)
    print(f'test loss {test_loss:.4f}')
    print(f'test accuracy {test_acc:.4f} (PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {speed:.0f} training samples/s)')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(dict(args=vars(args), torch=torch.__version__, threads=torch.get_num_threads(), epochs=epochs,
                           test=dict(loss=test_loss, accuracy=test_acc), samplesPerSecond=speed), f, indent=2)


def measure_speed(args):
    """Samples/s of the recipe's training step (augmentation, forward, backward, SGD, OneCycleLR) on random data."""
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    g = torch.Generator().manual_seed(args.seed)
    n = args.speed * args.batch_size
    x, y = torch.randn(n, 1, 28, 28, generator=g), torch.randint(0, 10, (n,), generator=g)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=2 * args.speed)
    model.train()
    seconds = 0.0
    for epoch in range(2):
        start = time.perf_counter()
        for i in range(0, n, args.batch_size):
            xb, yb = augment(x[i:i + args.batch_size], g), y[i:i + args.batch_size]
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss.item()
        seconds = time.perf_counter() - start
    print(json.dumps(dict(samplesPerSecond=n / seconds, threads=torch.get_num_threads(), blas=blas(), torch=torch.__version__)))


def blas():
    """The BLAS library PyTorch has loaded (Debian's torch uses the system libblas.so.3 alternative)."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    try:
        with open('/proc/self/maps') as f:
            libs = {line.split()[-1] for line in f if 'blas' in line.lower() and '/' in line}
        return ', '.join(sorted(os.path.realpath(lib) for lib in libs)) or 'none found'
    except OSError:
        return 'unknown'


if __name__ == '__main__':
    main()
