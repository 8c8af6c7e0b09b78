// The fused activations oneDNN applies as post-ops, numbered as in native/genlab_dnnl.cc. PReLU (which has weights)
// is not among them: those calls run on the wasm kernel.
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };

/** The addon's number for a tfjs fused activation, or undefined when it has none. */
export function activationCode(activation: unknown): number | undefined {
  return ACTIVATIONS[(activation as string | undefined) ?? 'linear'];
}
