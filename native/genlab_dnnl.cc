// genlab's native kernels: oneDNN primitives that read and write the wasm backend's tensors in place.
// Every function takes the wasm heap (a Uint8Array over its WebAssembly.Memory), the byte offsets of its tensors
// there, and their sizes as plain numbers. It returns true when it computed the result, false when oneDNN has no
// optimised implementation for that shape (the caller then runs the wasm kernel). Primitives are built once per
// shape and kept.
#include "kernels.h"

namespace {

using namespace genlab;

// ---- Convolutions. Numbers after the tensor offsets: N, H, W, C, O, KH, KW, OH, OW, strides (2), tfjs dilations
// (2, 1 = none), padding top, left, bottom, right. Tensors are NHWC, filters HWIO.
struct ConvShape {
  memory::desc src, dst, weightsAny, weightsHwio;
  dims strides, dilations, padLeft, padRight;
  ConvShape(const Call &c, size_t i) {
    dim N = c[i], H = c[i + 1], W = c[i + 2], C = c[i + 3], O = c[i + 4], KH = c[i + 5], KW = c[i + 6];
    src = memory::desc({N, C, H, W}, f32, tag::nhwc);
    dst = memory::desc({N, O, c[i + 7], c[i + 8]}, f32, tag::nhwc);
    weightsAny = memory::desc({O, C, KH, KW}, f32, tag::any);
    weightsHwio = memory::desc({O, C, KH, KW}, f32, tag::hwio);
    strides = {c[i + 9], c[i + 10]};
    dilations = {c[i + 11] - 1, c[i + 12] - 1};
    padLeft = {c[i + 13], c[i + 14]};
    padRight = {c[i + 15], c[i + 16]};
  }
  dnnl::convolution_forward::primitive_desc forwardHint() const {
    return {{prop_kind::forward_training, algorithm::convolution_direct, src, weightsAny, dst, strides, dilations,
             padLeft, padRight},
            engine()};
  }
};
constexpr size_t CONV_NUMBERS = 17;

struct Conv {
  dnnl::primitive primitive;
  Layout weights;
};

Cache<Conv> convForwards, convBackwardWeights;

/** conv2dForward(heap, x, filter, bias or -1, y, ...shape, activation, alpha): y = act(conv(x, filter) + bias) */
napi_value conv2dForward(napi_env env, napi_callback_info info) {
  return runCached(env, info, 4 + CONV_NUMBERS + 2, 4, convForwards, [](const Call &c) {
    ConvShape s(c, 4);
    memory::desc bias = c[2] >= 0 ? memory::desc({s.dst.dims()[1]}, f32, tag::a) : memory::desc();
    dnnl::convolution_forward::primitive_desc pd(
        {prop_kind::forward_inference, algorithm::convolution_direct, s.src, s.weightsAny, bias, s.dst, s.strides,
         s.dilations, s.padLeft, s.padRight},
        activationAttr(static_cast<int>(c[4 + CONV_NUMBERS]), static_cast<float>(c.numbers[4 + CONV_NUMBERS + 1])),
        engine());
    if (!optimised(pd) || pd.src_desc() != s.src || pd.dst_desc() != s.dst) return std::unique_ptr<Conv>();
    auto kernel = std::make_unique<Conv>();
    kernel->primitive = dnnl::convolution_forward(pd);
    kernel->weights = Layout(s.weightsHwio, pd.weights_desc(), true);
    return kernel;
  }, [](const Call &c, Conv &conv) {
    ConvShape s(c, 4);
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(s.src, engine(), c.at(0))},
                                         {DNNL_ARG_WEIGHTS, conv.weights.in(c.at(1))},
                                         {DNNL_ARG_DST, memory(s.dst, engine(), c.at(3))}};
    if (c[2] >= 0) args[DNNL_ARG_BIAS] = memory({{s.dst.dims()[1]}, f32, tag::a}, engine(), c.at(2));
    conv.primitive.execute(stream(), args);
  });
}

/** The input gradient, with its images in the layout oneDNN picks (format `any`, blocked nChw16c) where dy has 128
 *  channels or more and both channel counts are multiples of 16: oneDNN 2.6's backward-data code took 9–22 % less CPU
 *  there (the DCGAN's 256 → 128 and 128 → 64 transposed convolutions) than on channels-last images, more than
 *  reordering dy in and dx out costs. With fewer channels (the conv VAE's 64 → 64 and 32 → 64 layers, the 32 → 1 one)
 *  the reorders or the padding to 16 channels cost more than that, so those stay channels-last. */
struct BackwardData {
  dnnl::primitive primitive;
  Layout weights, dy, dx;
};
Cache<BackwardData> convBackwardData;

/** conv2dBackpropInput(heap, dy, filter, dx, ...shape): dx, the input gradient (also the transposed convolution) */
napi_value conv2dBackpropInput(napi_env env, napi_callback_info info) {
  return runCached(env, info, 3 + CONV_NUMBERS, 3, convBackwardData, [](const Call &c) {
    ConvShape s(c, 3);
    dim C = c[6], O = c[7];
    bool blocked = O >= 128 && C % 16 == 0 && O % 16 == 0;
    memory::desc srcAny = blocked ? memory::desc(s.src.dims(), f32, tag::any) : s.src;
    memory::desc dstAny = blocked ? memory::desc(s.dst.dims(), f32, tag::any) : s.dst;
    dnnl::convolution_forward::primitive_desc hint(
        {prop_kind::forward_training, algorithm::convolution_direct, srcAny, s.weightsAny, dstAny, s.strides,
         s.dilations, s.padLeft, s.padRight},
        engine());
    dnnl::convolution_backward_data::primitive_desc pd(
        {algorithm::convolution_direct, srcAny, s.weightsAny, dstAny, s.strides, s.dilations, s.padLeft, s.padRight},
        engine(), hint);
    if (!optimised(pd) || (!blocked && (pd.diff_src_desc() != s.src || pd.diff_dst_desc() != s.dst)))
      return std::unique_ptr<BackwardData>();
    auto kernel = std::make_unique<BackwardData>();
    kernel->primitive = dnnl::convolution_backward_data(pd);
    kernel->weights = Layout(s.weightsHwio, pd.weights_desc(), true);
    kernel->dy = Layout(s.dst, pd.diff_dst_desc(), true);
    kernel->dx = Layout(s.src, pd.diff_src_desc(), false);
    return kernel;
  }, [](const Call &c, BackwardData &conv) {
    conv.primitive.execute(stream(), {{DNNL_ARG_DIFF_DST, conv.dy.in(c.at(0))},
                                      {DNNL_ARG_WEIGHTS, conv.weights.in(c.at(1))},
                                      {DNNL_ARG_DIFF_SRC, conv.dx.out(c.at(2))}});
    conv.dx.finish(c.at(2));
  });
}

/** The input gradient of a convolution whose input has one channel (a generator's last transposed convolution, a
 *  discriminator's first): oneDNN's direct code vectorises over input channels and runs near 4 GFLOP/s with one. Here
 *  a matrix product gives each output position's contributions to the taps it covers (columns = dy · filterᵀ,
 *  [N·OH·OW, KH·KW]), which are then added into dx (col2im). */
struct OneChannelBackwardData {
  dnnl::matmul product;
  memory::desc dy, filter, columns;
  AlignedBuffer columnBuffer;
};
Cache<OneChannelBackwardData> oneChannelBackwardData;

/** conv2dBackpropInputOneChannel(heap, dy, filter, dx, ...shape): as conv2dBackpropInput, for C = 1 */
napi_value conv2dBackpropInputOneChannel(napi_env env, napi_callback_info info) {
  return runCached(env, info, 3 + CONV_NUMBERS, 3, oneChannelBackwardData, [](const Call &c) {
    dim N = c[3], O = c[7], taps = c[8] * c[9], positions = N * c[10] * c[11];
    auto kernel = std::make_unique<OneChannelBackwardData>();
    kernel->dy = memory::desc({positions, O}, f32, tag::ab);
    kernel->filter = memory::desc({O, taps}, f32, tag::ba);  // HWIO with I = 1 is [taps, O]: read transposed
    kernel->columns = memory::desc({positions, taps}, f32, tag::ab);
    dnnl::matmul::primitive_desc pd({kernel->dy, kernel->filter, kernel->columns}, engine());
    if (!optimised(pd)) return std::unique_ptr<OneChannelBackwardData>();
    kernel->product = dnnl::matmul(pd);
    kernel->columnBuffer.resize(positions * taps * sizeof(float));
    return kernel;
  }, [](const Call &c, OneChannelBackwardData &k) {
    k.product.execute(stream(), {{DNNL_ARG_SRC, memory(k.dy, engine(), c.at(0))},
                                 {DNNL_ARG_WEIGHTS, memory(k.filter, engine(), c.at(1))},
                                 {DNNL_ARG_DST, memory(k.columns, engine(), k.columnBuffer.floats())}});
    stream().wait();
    dim N = c[3], H = c[4], W = c[5], KH = c[8], KW = c[9], OH = c[10], OW = c[11];
    dim strideH = c[12], strideW = c[13], dilationH = c[14], dilationW = c[15], padTop = c[16], padLeft = c[17];
    float *dx = c.at(2);
    const float *columns = k.columnBuffer.floats();
#pragma omp parallel for schedule(static)
    for (dim n = 0; n < N; n++) {
      float *image = dx + n * H * W;
      std::fill(image, image + H * W, 0.f);
      for (dim oy = 0; oy < OH; oy++) {
        for (dim ox = 0; ox < OW; ox++) {
          const float *taps = columns + ((n * OH + oy) * OW + ox) * KH * KW;
          for (dim ky = 0; ky < KH; ky++) {
            dim y = oy * strideH + ky * dilationH - padTop;
            if (y < 0 || y >= H) continue;
            for (dim kx = 0; kx < KW; kx++) {
              dim x = ox * strideW + kx * dilationW - padLeft;
              if (x >= 0 && x < W) image[y * W + x] += taps[ky * KW + kx];
            }
          }
        }
      }
    }
  });
}

/** conv2dBackpropFilter(heap, x, dy, dw, ...shape): dw, the filter gradient, HWIO */
napi_value conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  return runCached(env, info, 3 + CONV_NUMBERS, 3, convBackwardWeights, [](const Call &c) {
    ConvShape s(c, 3);
    dnnl::convolution_backward_weights::primitive_desc pd(
        {algorithm::convolution_direct, s.src, s.weightsAny, s.dst, s.strides, s.dilations, s.padLeft, s.padRight},
        engine(), s.forwardHint());
    if (!optimised(pd) || pd.src_desc() != s.src || pd.diff_dst_desc() != s.dst) return std::unique_ptr<Conv>();
    auto kernel = std::make_unique<Conv>();
    kernel->primitive = dnnl::convolution_backward_weights(pd);
    kernel->weights = Layout(s.weightsHwio, pd.diff_weights_desc(), false);
    return kernel;
  }, [](const Call &c, Conv &conv) {
    ConvShape s(c, 3);
    conv.primitive.execute(stream(), {{DNNL_ARG_SRC, memory(s.src, engine(), c.at(0))},
                                      {DNNL_ARG_DIFF_DST, memory(s.dst, engine(), c.at(1))},
                                      {DNNL_ARG_DIFF_WEIGHTS, conv.weights.out(c.at(2))}});
    conv.weights.finish(c.at(2));
  });
}

// ---- Matrix products. matmul(heap, a, b, bias or -1, c, batchA, batchB, M, K, N, transposeA, transposeB,
// activation, alpha): c[batch] = act(op(a)·op(b) + bias), with a bias per column; a batch of 1 is broadcast.
struct MatMul {
  dnnl::matmul primitive;
  memory::desc a, b, bias, c;
};
Cache<MatMul> matMuls;

/** Below this many multiply-adds (2²⁵, 34 million) a product runs on the calling thread. In a loop of one product
 *  the second thread pays from 1.6 million up (a 64 × 784 · 784 × 400 one: 132 µs on two, 221 on one), but inside a
 *  training step it has gone to sleep between products, and waking it costs more: the MLP GAN's 33 products took 4.1–
 *  4.2 ms of a step with this at 2²¹, 3.2–3.3 at 2²⁴ or above; the MLP VAE's 2.1–2.4 ms at 2²¹, 1.9 at 2²⁵ (its
 *  largest are 20 million). */
constexpr dim MATMUL_PARALLEL_MIN = 1 << 25;

napi_value matmul(napi_env env, napi_callback_info info) {
  return runCached(env, info, 13, 4, matMuls, [](const Call &c) {
    dim batchA = c[4], batchB = c[5], M = c[6], K = c[7], N = c[8];
    bool transposeA = c[9] != 0, transposeB = c[10] != 0;
    auto kernel = std::make_unique<MatMul>();
    kernel->a = memory::desc({batchA, M, K}, f32, transposeA ? dims{M * K, 1, M} : dims{M * K, K, 1});
    kernel->b = memory::desc({batchB, K, N}, f32, transposeB ? dims{K * N, 1, K} : dims{K * N, N, 1});
    kernel->c = memory::desc({std::max(batchA, batchB), M, N}, f32, dims{M * N, N, 1});
    if (c[2] >= 0) kernel->bias = memory::desc({1, 1, N}, f32, dims{N, N, 1});
    dnnl::matmul::primitive_desc pd({kernel->a, kernel->b, kernel->bias, kernel->c},
                                    activationAttr(static_cast<int>(c[11]), static_cast<float>(c.numbers[12])), engine());
    if (!optimised(pd)) return std::unique_ptr<MatMul>();
    kernel->primitive = dnnl::matmul(pd);
    return kernel;
  }, [](const Call &c, MatMul &product) {
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(product.a, engine(), c.at(0))},
                                         {DNNL_ARG_WEIGHTS, memory(product.b, engine(), c.at(1))},
                                         {DNNL_ARG_DST, memory(product.c, engine(), c.at(3))}};
    if (c[2] >= 0) args[DNNL_ARG_BIAS] = memory(product.bias, engine(), c.at(2));
    product.primitive.execute(stream(), args);
  }, [](const Call &c) { return std::max(c[4], c[5]) * c[6] * c[7] * c[8] < MATMUL_PARALLEL_MIN; });
}

// ---- Max pooling. Numbers after the offsets: N, H, W, C, OH, OW, KH, KW, strides (2), padding top, left, bottom,
// right.
struct PoolShape {
  memory::desc src, dst;
  dims strides, kernel, padLeft, padRight;
  PoolShape(const Call &c, size_t i) {
    dim N = c[i], H = c[i + 1], W = c[i + 2], C = c[i + 3];
    src = memory::desc({N, C, H, W}, f32, tag::nhwc);
    dst = memory::desc({N, C, c[i + 4], c[i + 5]}, f32, tag::nhwc);
    kernel = {c[i + 6], c[i + 7]};
    strides = {c[i + 8], c[i + 9]};
    padLeft = {c[i + 10], c[i + 11]};
    padRight = {c[i + 12], c[i + 13]};
  }
  dnnl::pooling_forward::primitive_desc forward(prop_kind kind) const {
    return {{kind, algorithm::pooling_max, src, dst, strides, kernel, padLeft, padRight}, engine()};
  }
};
constexpr size_t POOL_NUMBERS = 14;

struct Pool {
  dnnl::primitive forward, backward;
  memory::desc workspace;
  AlignedBuffer workspaceBuffer, outputBuffer;
};
Cache<Pool> poolForwards, poolBackwards;

/** maxPool(heap, x, y, ...shape) */
napi_value maxPool(napi_env env, napi_callback_info info) {
  return runCached(env, info, 2 + POOL_NUMBERS, 2, poolForwards, [](const Call &c) {
    auto pd = PoolShape(c, 2).forward(prop_kind::forward_inference);
    if (!optimised(pd)) return std::unique_ptr<Pool>();
    auto kernel = std::make_unique<Pool>();
    kernel->forward = dnnl::pooling_forward(pd);
    return kernel;
  }, [](const Call &c, Pool &pool) {
    PoolShape s(c, 2);
    pool.forward.execute(stream(), {{DNNL_ARG_SRC, memory(s.src, engine(), c.at(0))},
                                    {DNNL_ARG_DST, memory(s.dst, engine(), c.at(1))}});
  });
}

/** maxPoolGrad(heap, x, dy, dx, ...shape): the forward pass is run again for oneDNN's record of where each maximum was
 *  (tfjs hands over x and y, not that record). */
napi_value maxPoolGrad(napi_env env, napi_callback_info info) {
  return runCached(env, info, 3 + POOL_NUMBERS, 3, poolBackwards, [](const Call &c) {
    PoolShape s(c, 3);
    auto forward = s.forward(prop_kind::forward_training);
    dnnl::pooling_backward::primitive_desc pd(
        {algorithm::pooling_max, s.src, s.dst, s.strides, s.kernel, s.padLeft, s.padRight}, engine(), forward);
    if (!optimised(forward) || !optimised(pd)) return std::unique_ptr<Pool>();
    auto kernel = std::make_unique<Pool>();
    kernel->forward = dnnl::pooling_forward(forward);
    kernel->backward = dnnl::pooling_backward(pd);
    kernel->workspace = forward.workspace_desc();
    kernel->workspaceBuffer.resize(kernel->workspace.get_size());
    kernel->outputBuffer.resize(s.dst.get_size());
    return kernel;
  }, [](const Call &c, Pool &pool) {
    PoolShape s(c, 3);
    memory workspace(pool.workspace, engine(), pool.workspaceBuffer.data());
    pool.forward.execute(stream(), {{DNNL_ARG_SRC, memory(s.src, engine(), c.at(0))},
                                    {DNNL_ARG_DST, memory(s.dst, engine(), pool.outputBuffer.data())},
                                    {DNNL_ARG_WORKSPACE, workspace}});
    pool.backward.execute(stream(), {{DNNL_ARG_DIFF_DST, memory(s.dst, engine(), c.at(1))},
                                     {DNNL_ARG_WORKSPACE, workspace},
                                     {DNNL_ARG_DIFF_SRC, memory(s.src, engine(), c.at(2))}});
  });
}

/** version(): oneDNN's version and CPU runtime, e.g. "oneDNN 2.6.3 with OpenMP". */
napi_value version(napi_env env, napi_callback_info) {
  const dnnl_version_t *v = dnnl_version();
  std::string text = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                     std::to_string(v->patch) + (v->cpu_runtime == DNNL_RUNTIME_OMP ? " with OpenMP" : "");
  napi_value result;
  napi_create_string_utf8(env, text.c_str(), text.size(), &result);
  return result;
}

napi_value init(napi_env env, napi_value exports) {
  Functions functions{{"conv2dForward", conv2dForward}, {"conv2dBackpropInput", conv2dBackpropInput},
                      {"conv2dBackpropInputOneChannel", conv2dBackpropInputOneChannel},
                      {"conv2dBackpropFilter", conv2dBackpropFilter}, {"matmul", matmul}, {"maxPool", maxPool},
                      {"maxPoolGrad", maxPoolGrad}, {"version", version}};
  for (const auto &entry : elementwiseFunctions()) functions.push_back(entry);
  for (const auto &[name, function] : functions) {
    napi_value value;
    napi_create_function(env, name, NAPI_AUTO_LENGTH, function, nullptr, &value);
    napi_set_named_property(env, exports, name, value);
  }
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
