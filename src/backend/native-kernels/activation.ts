// The activations oneDNN applies, numbered as in native/kernels.h: fused as post-ops, or on their own. PReLU
// (which has weights) is not among them: those calls run on the wasm kernel.
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };

/** The addon's number for a tfjs fused activation, or undefined when it has none. */
export function activationCode(activation: unknown): number | undefined {
  return ACTIVATIONS[(activation as string | undefined) ?? 'linear'];
}

/** The addon's numbers for the activations its eltwise kernel applies on their own. */
export const ELTWISE = { leakyrelu: 3, sigmoid: 4, square: 6, tanh: 7, exp: 8 } as const;
