// jax.scipy.special: special functions composed from dprog's primitives.
export { gammaln, gammasgn, gamma, loggamma, betaln, beta, factorial, multigammaln, poch, digamma } from "./gammaFunctions.js";
export { gammainc, gammaincc } from "./incompleteGamma.js";
export { betainc } from "./incompleteBeta.js";
export { erf, erfc, erfinv, ndtr, ndtri, logNdtr } from "./normal.js";
export { logit, expit, xlogy, xlog1py, entr, relEntr, klDiv, logsumexp, softmax, logSoftmax } from "./logistic.js";
export { zeta, polygamma } from "./zeta.js";
export { i0e, i1e, i0, i1 } from "./bessel.js";
export { spence, bernoulli } from "./spence.js";
export { expi, expn, exp1 } from "./expint.js";
export { fresnel } from "./fresnel.js";
export { hyp1f1 } from "./hyp1f1.js";
export { hyp2f1 } from "./hyp2f1.js";
export { boxcox, boxcox1p, comb } from "./boxcox.js";
export type { CombOptions } from "./boxcox.js";
