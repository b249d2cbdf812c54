// random: JAX's jax.random over raw uint32[2] keys, bit-exact with JAX's threefry2x32 PRNG.
// Split and random bits follow JAX's default layout since 0.5.0 (jax_threefry_partitionable=True:
// element i of a draw hashes the 64-bit counter (0, i) and xors the two output words); the older
// layout is available through setThreefryPartitionable(false). Every sampler is written with lax
// ops, so it works under jit, vmap (batched keys) and grad.
export { key, PRNGKey, split, foldIn, bits, setThreefryPartitionable, threefryPartitionable } from "./prng.js";
export type { SplitKeys } from "./prng.js";
export { threefry2x32, threefry2x32Counts } from "./threefry.js";
export { uniform, normal, truncatedNormal, bernoulli, randint, gumbel, categorical, permutation, choice } from "./samplers.js";
export { gamma, loggamma } from "./gamma.js";
export type { UniformOptions, CategoricalOptions, ChoiceOptions, BernoulliOptions } from "./samplers.js";
export {
  exponential, laplace, logistic, cauchy, rademacher, weibullMin, beta, dirichlet, chisquare, t, ball,
  multivariateNormal, orthogonal, poisson, binomial, keyData, wrapKeyData,
} from "./distributions.js";
export type { DTypeOptions } from "./distributions.js";
export { clone, keyImpl } from "./keywords.js";
export type { RandomKw } from "./keywords.js";
export { geometric, lognormal, maxwell, doubleSidedMaxwell, pareto, rayleigh, triangular, wald, f, generalizedNormal, multinomial } from "./moreDistributions.js";
export type { MultinomialOptions } from "./moreDistributions.js";
