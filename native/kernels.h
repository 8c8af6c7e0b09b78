// Helpers shared by genlab's native kernels: oneDNN's engine and stream, reading a call's arguments, and a cache of
// primitives by shape.
#pragma once
#include <node_api.h>
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <dnnl.hpp>

namespace genlab {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using dims = memory::dims;
using dim = memory::dim;
using tag = memory::format_tag;
constexpr auto f32 = memory::data_type::f32;

inline dnnl::engine &engine() {
  static dnnl::engine cpu(dnnl::engine::kind::cpu, 0);
  return cpu;
}

inline dnnl::stream &stream() {
  static dnnl::stream s(engine());
  return s;
}

/** The arguments of one call: the heap, then numbers (offsets, sizes, flags). */
struct Call {
  uint8_t *heap = nullptr;
  std::vector<double> numbers;
  float *at(size_t i) const { return reinterpret_cast<float *>(heap + static_cast<int64_t>(numbers[i])); }
  dim operator[](size_t i) const { return static_cast<dim>(numbers[i]); }
};

inline bool readCall(napi_env env, napi_callback_info info, Call &call) {
  size_t argc = 40;
  napi_value argv[40];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1) return false;
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value buffer;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) != napi_ok) return false;
  call.heap = static_cast<uint8_t *>(data);
  call.numbers.resize(argc - 1);
  for (size_t i = 1; i < argc; i++) {
    if (napi_get_value_double(env, argv[i], &call.numbers[i - 1]) != napi_ok) return false;
  }
  return true;
}

/** A kernel's cache key: which of its optional tensors are present (offset -1 when absent), then its numbers' bytes
 *  (formatting them as text, as std::to_string does through printf, took a few µs of every call). */
inline std::string keyOf(const std::vector<double> &numbers, size_t offsets) {
  std::string key;
  key.reserve(offsets + (numbers.size() - offsets) * sizeof(double));
  for (size_t i = 0; i < offsets; i++) key += numbers[i] < 0 ? '-' : '+';
  key.append(reinterpret_cast<const char *>(numbers.data() + offsets), (numbers.size() - offsets) * sizeof(double));
  return key;
}

/** oneDNN's reference implementations are plain loops, slower than the wasm kernels: treat them as unsupported. */
template <typename PrimitiveDesc>
bool optimised(const PrimitiveDesc &pd) {
  return std::strncmp(pd.impl_info_str(), "ref", 3) != 0;
}

// Activations, numbered as in src/backend/native-kernels/activation.ts: the fused ones (post-ops of convolutions
// and matrix products) and, from SQUARE on, ones only the eltwise kernel applies.
enum Activation { LINEAR = 0, RELU = 1, RELU6 = 2, LEAKY_RELU = 3, SIGMOID = 4, ELU = 5, SQUARE = 6, TANH = 7, EXP = 8 };

inline dnnl::primitive_attr activationAttr(int activation, float alpha) {
  dnnl::post_ops ops;
  switch (activation) {
    case RELU: ops.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f); break;
    case RELU6: ops.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f); break;
    case LEAKY_RELU: ops.append_eltwise(1.f, algorithm::eltwise_relu, alpha, 0.f); break;
    case SIGMOID: ops.append_eltwise(1.f, algorithm::eltwise_logistic, 0.f, 0.f); break;
    case ELU: ops.append_eltwise(1.f, algorithm::eltwise_elu, 1.f, 0.f); break;
    default: break;
  }
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  return attr;
}

/** A kept buffer that starts on a cache line. glibc's large blocks start 16 bytes into a page, and oneDNN's 64-byte
 *  vector loads from such a buffer each touch two lines: with the filter there, a 7×7×256 ↔ 128 convolution's forward
 *  pass ran 4–10 % slower and its input gradient 20–37 %. At least one line, so that a size of 0 is no failure. */
class AlignedBuffer {
 public:
  void resize(size_t bytes) {
    constexpr size_t LINE = 64;
    size_t lines = std::max<size_t>(1, (bytes + LINE - 1) / LINE);
    data_.reset(static_cast<uint8_t *>(std::aligned_alloc(LINE, lines * LINE)));
    if (data_ == nullptr) throw std::bad_alloc();
  }
  uint8_t *data() const { return data_.get(); }
  float *floats() const { return reinterpret_cast<float *>(data_.get()); }

 private:
  struct Free {
    void operator()(uint8_t *p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> data_;
};

/** Copies between the layout tfjs keeps (e.g. HWIO filters) and the one a primitive wants, into a kept buffer. */
struct Layout {
  bool needed = false;
  memory::desc user, internal;
  dnnl::reorder reorder;
  AlignedBuffer buffer;

  Layout() = default;
  Layout(const memory::desc &userDesc, const memory::desc &internalDesc, bool intoInternal)
      : needed(userDesc != internalDesc), user(userDesc), internal(internalDesc) {
    if (!needed) return;
    buffer.resize(internal.get_size());
    reorder = intoInternal ? dnnl::reorder(dnnl::reorder::primitive_desc(engine(), user, engine(), internal))
                           : dnnl::reorder(dnnl::reorder::primitive_desc(engine(), internal, engine(), user));
  }
  /** The primitive's memory for user data at `data`, reordered into it first when `intoInternal`. */
  memory in(float *data) {
    memory userMemory(user, engine(), data);
    if (!needed) return userMemory;
    memory internalMemory(internal, engine(), buffer.data());
    reorder.execute(stream(), userMemory, internalMemory);
    return internalMemory;
  }
  memory out(float *data) { return needed ? memory(internal, engine(), buffer.data()) : memory(user, engine(), data); }
  void finish(float *data) {
    if (!needed) return;
    memory internalMemory(internal, engine(), buffer.data()), userMemory(user, engine(), data);
    reorder.execute(stream(), internalMemory, userMemory);
  }
};

/** A cache of kernels by shape; an empty entry marks a shape oneDNN cannot run fast. */
template <typename Kernel>
using Cache = std::unordered_map<std::string, std::unique_ptr<Kernel>>;

template <typename Kernel, typename Make>
Kernel *lookUp(Cache<Kernel> &cache, const std::string &key, Make make) {
  auto found = cache.find(key);
  if (found != cache.end()) return found->second.get();
  std::unique_ptr<Kernel> kernel;
  try {
    kernel = make();
  } catch (const dnnl::error &) {
    kernel.reset();  // no implementation for this shape
  }
  return (cache[key] = std::move(kernel)).get();
}

/** Below this many elements a memory-bound kernel runs on the calling thread: waking OpenMP's other thread (asleep, as
 *  OMP_WAIT_POLICY=PASSIVE has it) costs more CPU time than it saves, and on a busy machine more wall time too. */
constexpr dim PARALLEL_MIN = 1 << 17;

/** Holds oneDNN to the calling thread while alive, when `serial`: a primitive sizes its work split by the threads it
 *  is built with, and runs its parallel regions with as many as it finds, so both happen inside. */
class SerialScope {
 public:
  explicit SerialScope(bool serial) : threads_(omp_get_max_threads()), serial_(serial) {
    if (serial_) omp_set_num_threads(1);
  }
  ~SerialScope() {
    if (serial_) omp_set_num_threads(threads_);
  }

 private:
  int threads_;
  bool serial_;
};

/** Every exported kernel: reads the call (the heap, `offsets` tensor offsets, then the shape's numbers, `arity` in
 *  all), finds or makes the kernel for that shape, runs it, and returns whether it did; on one thread where
 *  `serial(call)` says the problem is too small for two. */
template <typename Kernel, typename Make, typename Run, typename Serial>
napi_value runCached(napi_env env, napi_callback_info info, size_t arity, size_t offsets, Cache<Kernel> &cache, Make make,
                     Run run, Serial serial) {
  Call c;
  bool done = false;
  if (readCall(env, info, c) && c.numbers.size() == arity) {
    SerialScope scope(serial(c));
    Kernel *kernel = lookUp(cache, keyOf(c.numbers, offsets), [&] { return make(c); });
    if (kernel != nullptr) {
      run(c, *kernel);
      stream().wait();
      done = true;
    }
  }
  napi_value result;
  napi_get_boolean(env, done, &result);
  return result;
}

/** runCached for kernels always worth both threads (convolutions, pooling). */
template <typename Kernel, typename Make, typename Run>
napi_value runCached(napi_env env, napi_callback_info info, size_t arity, size_t offsets, Cache<Kernel> &cache, Make make,
                     Run run) {
  return runCached(env, info, arity, offsets, cache, make, run, [](const Call &) { return false; });
}

/** A kernel without primitives: reads the call (`arity` numbers after the heap) and returns `run`'s answer. */
template <typename Run>
napi_value runPlain(napi_env env, napi_callback_info info, size_t arity, Run run) {
  Call c;
  bool done = readCall(env, info, c) && c.numbers.size() == arity && run(c);
  napi_value result;
  napi_get_boolean(env, done, &result);
  return result;
}

/** The functions of one source file, for the addon's exports. */
using Functions = std::vector<std::pair<const char *, napi_callback>>;
Functions elementwiseFunctions();

}  // namespace genlab
