// The cases of tfjs's own op tests that are not run here, each with its reason. A case is named by a part of its
// full Jasmine name ("<describe> genlab {} <it>"). Each reason was checked by running the case: none of these is a
// wrong answer from genlab's kernels.
export const EXCLUDED: { test: string; reason: string }[] = [
  {
    test: 'NCHW',
    reason:
      "channels-first convolutions: tfjs-backend-wasm's Conv2D and FusedConv2D refuse them ('use NHWC'), " +
      "and genlab's models are channels-last",
  },
  {
    test: 'scalar bias',
    reason: 'a scalar FusedConv2D bias: tfjs-backend-wasm takes only a bias per output channel (rank 1)',
  },
  { test: 'broadcasted bias', reason: 'the same, a rank-0 bias broadcast over the channels' },
  {
    test: 'with 2d bias',
    reason: "a 2-D _FusedMatMul bias: tfjs-backend-wasm's _FusedMatMul takes only a rank-1 bias",
  },
  {
    test: 'upcasts when dtypes dont match',
    reason: 'an int32 matrix product: tfjs-backend-wasm multiplies float32 only',
  },
  {
    test: 'string tensor',
    reason:
      "Tile of strings: the wasm backend keeps strings outside its heap; the package's own Tile aborts " +
      "the wasm module on them, genlab's says 'Unknown dtype string'",
  },
  {
    test: 'should support string comparison',
    reason:
      'Greater of strings: the wasm backend keeps strings outside its heap, and ' +
      "the package's own Greater compares whatever bytes it finds there (fails without genlab's kernels too)",
  },
  { test: 'complex64 dtype', reason: 'cloning complex numbers: tfjs-backend-wasm has no Complex kernel to make them' },
  { test: 'complex number', reason: 'adding, subtracting or multiplying complex numbers: the same, no Complex kernel' },
  {
    test: 'fused conv2d genlab {} backProp input x=[2,3,3,1]',
    reason:
      "tfjs-backend-wasm 4.22 fails it alone, without genlab's " +
      "kernels: in test mode the engine's leak check counts the data ids a fused convolution's gradient keeps (3 'leaked')",
  },
  {
    test: 'fused conv2d genlab {} gradient x=[2,3,3,1]',
    reason: 'the same leak check of the fused convolution gradient',
  },
];
