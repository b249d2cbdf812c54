// jax.scipy.stats: each distribution is an object of JAX's functions for it (norm.logpdf, ...).
export { norm, t, cauchy, laplace, logistic, uniform, expon, gamma, beta, chi2, pareto, gennorm } from "./continuous.js";
export { bernoulli, binom, geom, nbinom, betabinom } from "./discrete.js";
export { gumbelL, gumbelR } from "./gumbel.js";
export { multinomial, poisson } from "./moreStats.js";
export { mode, rankdata, sem } from "./summary.js";
export type { ModeResult, ModeOptions, RankMethod, SemOptions } from "./summary.js";
export { multivariateNormal, dirichlet, wrapcauchy, truncnorm, vonmises } from "./multivariate.js";
