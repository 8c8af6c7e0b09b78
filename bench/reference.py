"""The PyTorch reference for bench/: the same five models and training steps at batch 64, on the CPU.

Run by bench/index.ts as  OMP_WAIT_POLICY=PASSIVE .venv-torch/bin/python bench/reference.py THREADS  (PyTorch from
PyPI, made by bench/setup-torch.sh), and with Debian's python3-torch where installed.
Prints one JSON line per model (median step time, images per second when sampling), then the peak RSS.
"""
import json, resource, statistics, sys, time, warnings
warnings.filterwarnings('ignore', message='Failed to initialize NumPy')  # the bench uses no NumPy
import torch
from torch import nn
import torch.nn.functional as F

BATCH, SAMPLES = 64, 1000
WARM_UP, TIMED = (3, 1.0), (10, 2.0)  # (at least steps, at least seconds), as bench/measure.ts times ours


def time_steps(step, least):
    """Runs step until it has run least[0] times and least[1] seconds have passed; returns each run's ms."""
    times, start = [], time.perf_counter()
    while len(times) < least[0] or time.perf_counter() - start < least[1]:
        step_start = time.perf_counter()
        step()
        times.append((time.perf_counter() - step_start) * 1000)
    return times


class Vae(nn.Module):
    def __init__(self, encoder, features, decoder, latent=20):
        super().__init__()
        self.encoder, self.decoder, self.latent = encoder, decoder, latent
        self.mu, self.log_var = nn.Linear(features, latent), nn.Linear(features, latent)

    def loss(self, x):
        h = self.encoder(x)
        mu, log_var = self.mu(h), self.log_var(h)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        logits = self.decoder(z)
        nll = F.binary_cross_entropy_with_logits(logits, x, reduction='none').flatten(1).sum(1)
        kl = 0.5 * (log_var.exp() + mu ** 2 - 1 - log_var).sum(1)
        return (nll + kl).mean()


def conv_vae():
    encoder = nn.Sequential(nn.Conv2d(1, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(), nn.Flatten())
    # padding=1 with output_padding=0 matches TF's 'same' for kernel 4, stride 2 (7 → 14 → 28).
    decoder = nn.Sequential(nn.Linear(20, 7 * 7 * 64), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
                            nn.ConvTranspose2d(64, 64, 4, 2, 1), nn.ReLU(), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                            nn.Conv2d(32, 1, 3, 1, 1))
    return Vae(encoder, 7 * 7 * 64, decoder), (1, 28, 28)


def mlp_vae():
    encoder = nn.Sequential(nn.Linear(784, 400), nn.ReLU())
    decoder = nn.Sequential(nn.Linear(20, 400), nn.ReLU(), nn.Linear(400, 784))
    return Vae(encoder, 400, decoder), (784,)


def dcgan():
    # Keras defaults as in the TensorFlow tutorial: LeakyReLU 0.3, batch-norm momentum 0.99 (0.01 here), eps 1e-3.
    def up(c_in, c_out, stride):
        return [nn.ConvTranspose2d(c_in, c_out, 5, stride, 2, output_padding=stride - 1, bias=False),
                nn.BatchNorm2d(c_out, eps=1e-3, momentum=0.01), nn.LeakyReLU(0.3)]
    g = nn.Sequential(nn.Linear(100, 7 * 7 * 256, bias=False), nn.BatchNorm1d(7 * 7 * 256, eps=1e-3, momentum=0.01),
                      nn.LeakyReLU(0.3), nn.Unflatten(1, (256, 7, 7)), *up(256, 128, 1), *up(128, 64, 2),
                      nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1, bias=False), nn.Tanh())
    d = nn.Sequential(nn.Conv2d(1, 64, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
                      nn.Conv2d(64, 128, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3), nn.Flatten(), nn.Linear(7 * 7 * 128, 1))
    return g, d, 100, (1, 28, 28)


def mlp_gan():
    g = nn.Sequential(nn.Linear(100, 256), nn.LeakyReLU(0.2), nn.Linear(256, 256), nn.LeakyReLU(0.2), nn.Linear(256, 784), nn.Tanh())
    d = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.2), nn.Linear(256, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1))
    return g, d, 100, (784,)


def classifier():
    """The evaluator of notebook 04 (src/models/classifier.ts)."""
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(7 * 7 * 64, 256), nn.ReLU(), nn.Linear(256, 10))


def classifier_bench():
    model = classifier()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x, labels = torch.rand(BATCH, 1, 28, 28), torch.arange(BATCH) % 10

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()
        return loss.item()
    return step, lambda n: model(torch.rand(n, 1, 28, 28))


def vae_bench(make):
    vae, shape = make()
    opt = torch.optim.Adam(vae.parameters(), 1e-3)
    x = torch.rand(BATCH, *shape)

    def step():
        opt.zero_grad()
        loss = vae.loss(x)
        loss.backward()
        opt.step()
        return loss.item()
    return step, lambda n: torch.sigmoid(vae.decoder(torch.randn(n, vae.latent)))


def gan_bench(make):
    g, d, latent, shape = make()
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    real = torch.rand(BATCH, *shape) * 2 - 1

    def step():  # as src/training/steps.ts: a D step on real and fresh fakes, then a non-saturating G step
        with torch.no_grad():
            fake = g(torch.randn(BATCH, latent))
        loss_d = F.softplus(-d(real)).mean() + F.softplus(d(fake)).mean()
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        loss_g = F.softplus(-d(g(torch.randn(BATCH, latent)))).mean()
        opt_g.zero_grad()
        grads = torch.autograd.grad(loss_g, list(g.parameters()))  # no gradients for D's weights
        for p, grad in zip(g.parameters(), grads):
            p.grad = grad
        opt_g.step()
        return loss_d.item(), loss_g.item()
    return step, lambda n: g(torch.randn(n, latent))


def primitives():
    """The best case, as in bench/measure.ts: one big matmul and the DCGAN's largest convolution, forward only."""
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    a2, b2 = torch.randn(2048, 2048), torch.randn(2048, 2048)
    x, w = torch.randn(BATCH, 256, 7, 7), torch.randn(128, 256, 5, 5)
    return [('matmul 2048³', 2 * 2048 ** 3, lambda: a2 @ b2), ('matmul 1024³', 2 * 1024 ** 3, lambda: a @ b),
            ('conv 7×7×256→128, 5×5', 2 * BATCH * 49 * 256 * 128 * 25, lambda: F.conv2d(x, w, padding=2))]


def main():
    torch.set_num_threads(int(sys.argv[1]))
    benches = {'conv VAE': lambda: vae_bench(conv_vae), 'DCGAN': lambda: gan_bench(dcgan),
               'MLP VAE': lambda: vae_bench(mlp_vae), 'MLP GAN': lambda: gan_bench(mlp_gan), 'classifier': classifier_bench}
    for name, make in benches.items():
        step, sample = make()
        time_steps(step, WARM_UP)
        cpu_start = time.process_time()
        times = time_steps(step, TIMED)
        cpu_ms = (time.process_time() - cpu_start) * 1000 / len(times)  # all threads
        with torch.no_grad():
            sample(10)
            start = time.perf_counter()
            sample(SAMPLES)
            per_second = SAMPLES / (time.perf_counter() - start)
        print(json.dumps({'model': name, 'msPerStep': statistics.median(times), 'cpuMsPerStep': cpu_ms,
                          'imagesPerSecond': per_second}), flush=True)
    with torch.no_grad():
        for name, flops, run in primitives():
            for _ in range(WARM_UP[0]):
                run()
            times = []
            for _ in range(15):
                start = time.perf_counter()
                run()
                times.append((time.perf_counter() - start) * 1000)
            ms = statistics.median(times)
            print(json.dumps({'primitive': name, 'ms': ms, 'gflops': flops / 1e6 / ms}, ensure_ascii=False), flush=True)
    print(json.dumps({'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'version': torch.__version__}))


if __name__ == '__main__':
    main()
