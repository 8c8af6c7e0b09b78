// A trainer's settings record, which a resumed run must match. Options left at their defaults add nothing, so a default
// run's record stays what it was before those options existed, and its checkpoints still resume.

/**
 * `base` plus every option that differs from its default; a string option becomes a flag, e.g. 'architecture=mlp': 1,
 * because settings are numbers.
 */
export function trainerSettings(
  base: Record<string, number>, options: Record<string, number | string>, defaults: Record<string, number | string>,
): Record<string, number> {
  const settings = { ...base };
  for (const [name, value] of Object.entries(options)) {
    if (value === defaults[name]) continue;
    if (typeof value === 'number') settings[name] = value;
    else settings[`${name}=${value}`] = 1;
  }
  return settings;
}
