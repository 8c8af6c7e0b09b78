// Settings shared by notebooks, the CLI and tests.

/** Fast mode (GENLAB_FAST=1) shrinks every experiment so the whole notebook suite runs in CI; users get full settings. */
export const fastMode: boolean = process.env.GENLAB_FAST === '1';

/** Picks the full-size value for users, the small one in fast mode. */
export function pick<T>(full: T, fast: T): T {
  return fastMode ? fast : full;
}
