// Coefficient tables of the special functions (lax/special.ts, lax/xlaMath.ts), kept out of the
// lax namespace (which re-exports special.ts) and shared with bench/science.ts's loop references.

// M. Giles' single-precision erfinv coefficients ("Approximating the erfinv function", GPU
// Computing Gems, 2010; XLA's ErfInv32), highest power first, for w = -log(1 - x^2) below and above 5.
export const ERFINV_CENTRAL: readonly number[] = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3, 2.46640727e-1, 1.50140941];
export const ERFINV_TAIL: readonly number[] = [-2.00214257e-4, 1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3, 9.43887047e-3, 1.00167406, 2.83297682];

// psi(w) - log(w) + 1/(2w) = -sum_k B_2k / (2k w^2k): the coefficients B_2k / 2k for k = 1..7.
export const DIGAMMA_ASYMPTOTIC: readonly number[] = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];
/** The asymptotic series is used from this argument on; its first omitted term is < 1e-16 there. */
export const DIGAMMA_SHIFT_TO = 10;
