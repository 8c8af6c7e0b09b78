// The training step's memory-bound kernels: activations and Exp (oneDNN eltwise; ReLU, its gradient's Step and Neg
// loops), batch normalisation with given statistics (oneDNN), and plain loops where oneDNN has nothing fast or costs
// more to call than the work: arithmetic with a broadcast operand, sums and means over a block of axes (its reduction
// is reference code unless the innermost axis is reduced), comparisons, selection, a leaky ReLU's gradient, Adam's
// update of one variable, and dropout's uniform noise.
// Loops run on the OpenMP threads oneDNN uses, and only for tensors large enough to be worth waking them: their
// `if (parallel : ...)` names the construct it holds back, since a plain `if` on `parallel for simd` turns the simd off
// too, and below that size the loop ran a value at a time (a ReLU's, and its gradient's, with a branch per value that
// random signs mispredict half the time: 352 µs on [64, 784] where it now takes 16). With -fno-trapping-math, gcc also
// vectorises a select whose one side multiplies (the leaky ReLU gradient).
#include <omp.h>

#include <cmath>

#include "kernels.h"

// glibc's vector expf and log1pf (libmvec, glibc 2.35 or later: Debian 12, Ubuntu 22.04), which gcc calls from simd
// loops once they are declared so; 16 floats at a time in the AVX-512 clone below. Softplus on [64, 784] logits took
// 628 µs with the scalar functions, 61 µs this way.
extern "C" {
#pragma omp declare simd notinbranch
float expf(float);
#pragma omp declare simd notinbranch
float log1pf(float);
}

namespace {

using namespace genlab;

// ---- eltwise(heap, x, y, n, activation, alpha): y = activation(x) over n floats.
struct Eltwise {
  dnnl::eltwise_forward primitive;
  memory::desc data;
};
Cache<Eltwise> eltwises;

algorithm eltwiseAlgorithm(int activation) {
  switch (activation) {
    case LEAKY_RELU: return algorithm::eltwise_relu;
    case SIGMOID: return algorithm::eltwise_logistic;
    case SQUARE: return algorithm::eltwise_square;
    case TANH: return algorithm::eltwise_tanh;
    case EXP: return algorithm::eltwise_exp;
    default: throw dnnl::error(dnnl_unimplemented, "no such activation");
  }
}

napi_value eltwise(napi_env env, napi_callback_info info) {
  return runCached(env, info, 5, 2, eltwises, [](const Call &c) {
    auto kernel = std::make_unique<Eltwise>();
    kernel->data = memory::desc({c[2]}, f32, tag::a);
    int activation = static_cast<int>(c[3]);
    float alpha = activation == LEAKY_RELU ? static_cast<float>(c.numbers[4]) : 0.f;
    dnnl::eltwise_forward::primitive_desc pd(
        {prop_kind::forward_inference, eltwiseAlgorithm(activation), kernel->data, alpha, 0.f}, engine());
    if (!optimised(pd)) return std::unique_ptr<Eltwise>();
    kernel->primitive = dnnl::eltwise_forward(pd);
    return kernel;
  }, [](const Call &c, Eltwise &op) {
    op.primitive.execute(stream(), {{DNNL_ARG_SRC, memory(op.data, engine(), c.at(0))},
                                    {DNNL_ARG_DST, memory(op.data, engine(), c.at(1))}});
  }, [](const Call &c) { return c[2] < PARALLEL_MIN; });
}

/** Runs span(begin, count) over [0, n) split between the OpenMP threads (on the calling thread below
 *  PARALLEL_MIN): for the functions cloned per instruction set below, whose instructions would not reach a parallel
 *  loop's outlined region. */
template <class Span>
void splitBetweenThreads(dim n, Span span) {
#pragma omp parallel if (n >= PARALLEL_MIN)
  {
    dim threads = omp_get_num_threads(), begin = n * omp_get_thread_num() / threads;
    span(begin, n * (omp_get_thread_num() + 1) / threads - begin);
  }
}

// ---- unary(heap, x, y, n, operation, alpha): ReLU (x < 0 ? 0 : x, which keeps a NaN as tfjs's does; oneDNN's
// ReLU gives 0), negation, tfjs's Step (x > 0 ? 1 : alpha, NaN kept: a ReLU's gradient), Floor (dropout's mask), or
// Softplus with tfjs's cut-offs (a VAE's Bernoulli likelihood).
enum Unary { RELU_KEEPING_NAN = 0, NEGATE = 1, STEP = 2, FLOOR = 3, SOFTPLUS = 4 };

/** tfjs's softplus over n floats: exp(x) below ln ε + 2 and x above its negation (ε = 2⁻²³), where log(1 + eˣ)
 *  equals them to float precision, log(1 + eˣ) between; NaN stays NaN. */
__attribute__((target_clones("avx512f", "avx2", "default"))) void softplus(const float *x, float *y, dim n) {
  constexpr float threshold = -13.942385152878742f;  // ln 2⁻²³ + 2
#pragma omp simd
  for (dim i = 0; i < n; i++) {
    float exponential = expf(x[i]), between = log1pf(exponential);
    y[i] = x[i] < threshold ? exponential : x[i] > -threshold ? x[i] : between;
  }
}

/** Floor over n floats, cloned because SSE2 has no rounding instruction: its version calls floorf a value at a time
 *  (134 µs on 50,176 values), AVX2's and AVX-512's round a vector at a time. */
__attribute__((target_clones("avx512f", "avx2", "default"))) void floorSpan(const float *x, float *y, dim n) {
#pragma omp simd
  for (dim i = 0; i < n; i++) y[i] = std::floor(x[i]);
}

bool unary(const Call &c) {
  const float *x = c.at(0);
  float *y = c.at(1);
  dim n = c[2];
  const float alpha = static_cast<float>(c.numbers[4]);
  switch (static_cast<int>(c[3])) {
    case RELU_KEEPING_NAN:
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
      for (dim i = 0; i < n; i++) y[i] = x[i] < 0.f ? 0.f : x[i];
      return true;
    case NEGATE:
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
      for (dim i = 0; i < n; i++) y[i] = -x[i];
      return true;
    case STEP:
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
      for (dim i = 0; i < n; i++) y[i] = x[i] > 0.f ? 1.f : x[i] != x[i] ? x[i] : alpha;
      return true;
    case FLOOR:
      splitBetweenThreads(n, [&](dim begin, dim count) { floorSpan(x + begin, y + begin, count); });
      return true;
    case SOFTPLUS:
      splitBetweenThreads(n, [&](dim begin, dim count) { softplus(x + begin, y + begin, count); });
      return true;
    default: return false;
  }
}

// ---- binary(heap, a, b, y, rows, inner, bRows, bInner, operation): y = a ∘ b with a viewed as [rows, inner] and b
// as [bRows, bInner]: [1, inner] (b broadcast over the rows: a bias, a per-channel factor), [rows, 1] (one value per
// row), [1, 1] (one value) or a's own shape; operations 0 to 3: add, subtract, multiply, divide. Plain loops: oneDNN's
// binary primitive computed the same values but spent 4 µs a call setting itself up, more than a [64, 20] add takes.
template <class Operation>
void binaryLoop(const float *a, const float *b, float *y, dim rows, dim inner, dim bRows, dim bInner, Operation op) {
  dim n = rows * inner;
  if (bRows * bInner == n) {
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
    for (dim i = 0; i < n; i++) y[i] = op(a[i], b[i]);
    return;
  }
  if (bRows * bInner == 1) {
    const float value = b[0];
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
    for (dim i = 0; i < n; i++) y[i] = op(a[i], value);
    return;
  }
  bool perColumn = bRows == 1;  // else one value per row
#pragma omp parallel for schedule(static) if (n >= PARALLEL_MIN)
  for (dim r = 0; r < rows; r++) {
    const float *aRow = a + r * inner;
    float *yRow = y + r * inner;
    if (perColumn) {
#pragma omp simd
      for (dim i = 0; i < inner; i++) yRow[i] = op(aRow[i], b[i]);
    } else {
      const float value = b[r];
#pragma omp simd
      for (dim i = 0; i < inner; i++) yRow[i] = op(aRow[i], value);
    }
  }
}

bool binary(const Call &c) {
  const float *a = c.at(0), *b = c.at(1);
  float *y = c.at(2);
  dim rows = c[3], inner = c[4], bRows = c[5], bInner = c[6];
  switch (static_cast<int>(c[7])) {
    case 0: binaryLoop(a, b, y, rows, inner, bRows, bInner, [](float p, float q) { return p + q; }); return true;
    case 1: binaryLoop(a, b, y, rows, inner, bRows, bInner, [](float p, float q) { return p - q; }); return true;
    case 2: binaryLoop(a, b, y, rows, inner, bRows, bInner, [](float p, float q) { return p * q; }); return true;
    case 3: binaryLoop(a, b, y, rows, inner, bRows, bInner, [](float p, float q) { return p / q; }); return true;
    default: return false;
  }
}

// ---- reduce(heap, x, y, outer, size, inner, mean): x viewed as [outer, size, inner]; y[o, i] = the sum (or mean)
// over the middle axis, accumulated in double. When there are fewer outer blocks than threads (a bias gradient or
// batch statistics: [1, N·H·W, C]) the middle axis is split between the threads and their partial sums added in order.
bool reduce(const Call &c) {
  const float *x = c.at(0);
  float *y = c.at(1);
  dim outer = c[2], size = c[3], inner = c[4];
  bool mean = c[5] != 0;
  bool parallel = outer * size * inner >= PARALLEL_MIN;
  dim chunks = parallel && outer < omp_get_max_threads() ? omp_get_max_threads() : 1;
  std::vector<double> partial(outer * chunks * inner, 0.0);
#pragma omp parallel for collapse(2) schedule(static) if (parallel)
  for (dim o = 0; o < outer; o++) {
    for (dim k = 0; k < chunks; k++) {
      dim begin = size * k / chunks, end = size * (k + 1) / chunks;
      double *sum = &partial[(o * chunks + k) * inner];
      const float *row = x + (o * size + begin) * inner;
      if (inner == 1) {
        double s = 0;
#pragma omp simd reduction(+ : s)
        for (dim r = 0; r < end - begin; r++) s += row[r];
        sum[0] = s;
        continue;
      }
      for (dim r = begin; r < end; r++, row += inner) {
#pragma omp simd
        for (dim i = 0; i < inner; i++) sum[i] += row[i];
      }
    }
  }
  for (dim o = 0; o < outer; o++) {
    for (dim i = 0; i < inner; i++) {
      double s = 0;
      for (dim k = 0; k < chunks; k++) s += partial[(o * chunks + k) * inner + i];
      y[o * inner + i] = static_cast<float>(mean ? s / static_cast<double>(size) : s);
    }
  }
  return true;
}

// ---- greater(heap, a, b, y, n, aStep, bStep): y[i] = a[i·aStep] > b[i·bStep] as one byte per element (tfjs's bool);
// a step of 0 broadcasts a single value.
bool greater(const Call &c) {
  const float *a = c.at(0), *b = c.at(1);
  auto *y = reinterpret_cast<uint8_t *>(c.at(2));
  dim n = c[3], aStep = c[4], bStep = c[5];
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
  for (dim i = 0; i < n; i++) y[i] = a[i * aStep] > b[i * bStep];
  return true;
}

// ---- where(heap, condition, t, e, y, n): y[i] = condition[i] ? t[i] : e[i], condition one byte per element. Chosen
// by masking the bits rather than by a branch, which a random condition (a ReLU's gradient) mispredicts half the time.
bool where(const Call &c) {
  const auto *condition = reinterpret_cast<const uint8_t *>(c.at(0));
  const auto *t = reinterpret_cast<const uint32_t *>(c.at(1)), *e = reinterpret_cast<const uint32_t *>(c.at(2));
  auto *y = reinterpret_cast<uint32_t *>(c.at(3));
  dim n = c[4];
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
  for (dim i = 0; i < n; i++) {
    uint32_t mask = 0u - static_cast<uint32_t>(condition[i] != 0);
    y[i] = (t[i] & mask) | (e[i] & ~mask);
  }
  return true;
}

// ---- leakyReluGrad(heap, dy, x, dx, n, alpha): dx = x > 0 ? dy : dy · alpha, a leaky ReLU's gradient as tfjs
// computes it (Greater, Multiply, Select; a NaN x takes dy · alpha there too) in one pass.
bool leakyReluGrad(const Call &c) {
  const float *dy = c.at(0), *x = c.at(1);
  float *dx = c.at(2);
  dim n = c[3];
  const float alpha = static_cast<float>(c.numbers[4]);
#pragma omp parallel for simd schedule(static) if (parallel : n >= PARALLEL_MIN)
  for (dim i = 0; i < n; i++) dx[i] = x[i] > 0.f ? dy[i] : dy[i] * alpha;
  return true;
}

// ---- adam(heap, value, m, v, g, accBeta1, accBeta2, newValue, newM, newV, n, beta1, beta2, epsilon, learningRate):
// one variable's Adam update in one pass, in float32 and in the order tfjs's AdamOptimizer computes it, where it takes
// 14 kernels (accBeta1 and accBeta2 are its scalars β₁ᵗ and β₂ᵗ).
struct AdamConstants {
  float b1, oneMinusB1, b2, oneMinusB2, epsilon, step, oneMinusAcc1, oneMinusAcc2;
};

/** Adam's update of n values; cloned for AVX-512 and AVX2, where its three divisions and square root per value take a
 *  fraction of the time 128-bit SSE does. Each operation is rounded as tfjs rounds it (the addon is built with
 *  -ffp-contract=off: no fused multiply-add), so every clone gives the same bits. */
__attribute__((target_clones("avx512f", "avx2", "default"))) void adamSpan(const float *value, const float *m,
                                                                          const float *v, const float *g,
                                                                          float *newValue, float *newM, float *newV,
                                                                          dim n, AdamConstants k) {
#pragma omp simd
  for (dim i = 0; i < n; i++) {
    float mi = m[i] * k.b1 + g[i] * k.oneMinusB1;
    float vi = v[i] * k.b2 + g[i] * g[i] * k.oneMinusB2;
    newM[i] = mi;
    newV[i] = vi;
    newValue[i] = mi / k.oneMinusAcc1 / (std::sqrt(vi / k.oneMinusAcc2) + k.epsilon) * k.step + value[i];
  }
}

bool adam(const Call &c) {
  const float *value = c.at(0), *m = c.at(1), *v = c.at(2), *g = c.at(3);
  float *newValue = c.at(6), *newM = c.at(7), *newV = c.at(8);
  dim n = c[9];
  double beta1 = c.numbers[10], beta2 = c.numbers[11];
  // As tfjs makes them: JavaScript numbers (doubles) become float32 scalars.
  const AdamConstants k{static_cast<float>(beta1),          static_cast<float>(1 - beta1),
                        static_cast<float>(beta2),          static_cast<float>(1 - beta2),
                        static_cast<float>(c.numbers[12]),  static_cast<float>(-c.numbers[13]),
                        1.f - *c.at(4),                     1.f - *c.at(5)};
  splitBetweenThreads(n, [&](dim begin, dim count) {
    adamSpan(value + begin, m + begin, v + begin, g + begin, newValue + begin, newM + begin, newV + begin, count, k);
  });
  return true;
}

// ---- dropoutMask(heap, y, n, c, s0, s1, s2, keepProb): tfjs's dropout mask, floor(u + keep) / keep, for the next n
// values u of seedrandom's Alea stream, continued from its state (c and s0–s2, as JavaScript seeded it). Each u is
// rounded to float32 as tf.randomUniform stores it, and the sum, floor and quotient are float32 operations as tfjs's
// Add, Floor and RealDiv compute them (keep a float32 scalar), so the mask is the same bits in one pass instead of
// four. Alea computes t = 2091639·s0 + c·2⁻³² in doubles; every s is a multiple of 2⁻³² and t·2³² stays below 2⁵³,
// so that arithmetic is exact and equals this one in integers (a multiply-with-carry step), which runs without
// Alea's chain of floating-point conversions. Sequential: each value needs the one before. Cloned for the floor, a
// call to floorf per value in SSE2 and one instruction from SSE4.1 on.
constexpr double TWO_TO_32 = 4294967296.0;

__attribute__((target_clones("avx512f", "avx2", "default"))) void dropoutMaskSpan(uint64_t carry, uint64_t s0,
                                                                                  uint64_t s1, uint64_t s2, float keep,
                                                                                  float *y, dim n) {
  for (dim i = 0; i < n; i++) {
    uint64_t t = 2091639 * s0 + carry;
    carry = t >> 32;
    s0 = s1;
    s1 = s2;
    s2 = t & 0xffffffffu;
    const float u = static_cast<float>(static_cast<double>(s2) / TWO_TO_32);
    y[i] = std::floor(u + keep) / keep;
  }
}

bool dropoutMask(const Call &c) {
  dropoutMaskSpan(static_cast<uint64_t>(c.numbers[2]), static_cast<uint64_t>(c.numbers[3] * TWO_TO_32),
                  static_cast<uint64_t>(c.numbers[4] * TWO_TO_32), static_cast<uint64_t>(c.numbers[5] * TWO_TO_32),
                  static_cast<float>(c.numbers[6]), c.at(0), c[1]);
  return true;
}

// ---- batchNorm(heap, x, mean, variance, offset or -1, scale or -1, y, rows, channels, epsilon): tfjs's
// FusedBatchNorm, y = (x − mean) / √(variance + ε) · scale + offset per channel, channels innermost.
struct BatchNorm {
  dnnl::batch_normalization_forward primitive;
  memory::desc data, channel;
};
Cache<BatchNorm> batchNorms;

napi_value batchNorm(napi_env env, napi_callback_info info) {
  return runCached(env, info, 9, 6, batchNorms, [](const Call &c) {
    auto kernel = std::make_unique<BatchNorm>();
    // As [rows, channels, 1, 1] channels-last: oneDNN's jit code takes that; for the same memory called "nc" it runs
    // its plain loops.
    kernel->data = memory::desc({c[6], c[7], 1, 1}, f32, tag::nhwc);
    kernel->channel = memory::desc({c[7]}, f32, tag::a);
    auto flags = dnnl::normalization_flags::use_global_stats;
    if (c[3] >= 0) flags |= dnnl::normalization_flags::use_shift;
    if (c[4] >= 0) flags |= dnnl::normalization_flags::use_scale;
    dnnl::batch_normalization_forward::primitive_desc pd(
        {prop_kind::forward_inference, kernel->data, static_cast<float>(c.numbers[8]), flags}, engine());
    if (!optimised(pd)) return std::unique_ptr<BatchNorm>();
    kernel->primitive = dnnl::batch_normalization_forward(pd);
    return kernel;
  }, [](const Call &c, BatchNorm &norm) {
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(norm.data, engine(), c.at(0))},
                                         {DNNL_ARG_MEAN, memory(norm.channel, engine(), c.at(1))},
                                         {DNNL_ARG_VARIANCE, memory(norm.channel, engine(), c.at(2))},
                                         {DNNL_ARG_DST, memory(norm.data, engine(), c.at(5))}};
    if (c[3] >= 0) args[DNNL_ARG_SHIFT] = memory(norm.channel, engine(), c.at(3));
    if (c[4] >= 0) args[DNNL_ARG_SCALE] = memory(norm.channel, engine(), c.at(4));
    norm.primitive.execute(stream(), args);
  }, [](const Call &c) { return c[6] * c[7] < PARALLEL_MIN; });
}

}  // namespace

namespace genlab {

Functions elementwiseFunctions() {
  return {{"eltwise", eltwise},
          {"binary", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 8, binary); }},
          {"batchNorm", batchNorm},
          {"unary", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 5, unary); }},
          {"reduce", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 6, reduce); }},
          {"greater", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 6, greater); }},
          {"where", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 5, where); }},
          {"leakyReluGrad", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 5, leakyReluGrad); }},
          {"adam", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 14, adam); }},
          {"dropoutMask", +[](napi_env env, napi_callback_info info) { return runPlain(env, info, 7, dropoutMask); }}};
}

}  // namespace genlab
