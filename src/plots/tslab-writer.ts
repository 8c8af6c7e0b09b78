// The one place that reaches into tslab's internals (tslab 1.0.22, pinned in package.json; upstream is frozen).
// tslab's public `display` sends one MIME type per output, which leaves no fallback for viewers that run no script.
// The kernel-side writer behind it takes a whole MIME bundle; tslab keeps it in `lastWriteDisplayData` of its
// `dist/jupyter` module while a cell runs, and test/plots-tslab-writer.test.ts fails if a tslab update moves it.

/** tslab's writer: sends `display_data`, or `update_display_data` when `update` is true (needs a display_id). */
export type KernelWriter = (
  message: { data: object; metadata: object; transient: { display_id?: string } },
  update: boolean,
) => void;

/** The internal module and the slot that holds the writer (null outside a running cell). */
export const tslabInternal = { module: 'tslab/dist/jupyter', slot: 'lastWriteDisplayData' } as const;

/** The running tslab kernel's writer, or null when no tslab kernel runs this code (the CLI, the unit tests). */
export function tslabWriter(): KernelWriter | null {
  // Required on first use: tslab loads its own TypeScript compiler, a cost the CLI and the unit tests need not pay.
  const kernel = require(tslabInternal.module) as Record<string, unknown>;
  return (kernel[tslabInternal.slot] as KernelWriter | null | undefined) ?? null;
}
