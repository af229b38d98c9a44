/**
 * The seed of the fast-check properties whose non-vacuity is checked after them ("some runs did
 * reach a close that paid junior"): fixed, so CI cannot flake on an unlucky draw; set
 * PROPERTY_SEED=<n> to explore other scenarios.
 */
export const PROPERTY_SEED = Number(process.env.PROPERTY_SEED ?? 20261206);
