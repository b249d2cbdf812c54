// Singular values (and the rotations that give the vectors) of an upper bidiagonal matrix B by
// implicit-shift QR: LAPACK's dbdsqr (Demmel & Kahan 1990, "Accurate singular values of bidiagonal
// matrices"). Shifts come from the trailing 2x2 block (dlas2); where a shift would spoil the
// relative accuracy of the smallest singular values, a zero-shift sweep is used instead, which
// computes every singular value to high relative accuracy. The sweep direction follows the larger
// end of the block, and the convergence tests are Demmel & Kahan's relative ones.
//
// Each sweep's left and right rotations are recorded (planeRotations.ts) rather than applied at
// once: the caller applies many sweeps in one pass over the rows of U and V, each block of rows
// staying in cache while all recorded rotations run over it, where LAPACK applies one sweep per
// pass with dlasr.
import type { PlaneRotations } from "./planeRotations.js";

const EPS = 2 ** -52;
const UNDERFLOW = 2 ** -1022;

export interface BidiagonalVectors {
  /** Receives the left rotations (B = Qb S Pb^T: U := U Qb). */
  readonly left: PlaneRotations;
  /** Receives the right rotations (V := V Pb). */
  readonly right: PlaneRotations;
  /** Applies the recorded rotations and clears both records. */
  apply(): void;
}

/** Rotations recorded per side before they are applied: their (c, s) pairs stay in L2 (128 KiB). */
const APPLY_EVERY = 8192;

/** Records dlasr's rotations of pairs (start + i, start + i + 1), i < count, c[i] and s[i], in increasing or decreasing i. */
function record(rot: PlaneRotations, start: number, count: number, backward: boolean, c: Float64Array, s: Float64Array): void {
  // planeRotations.ts rotates x' = c x - s y, dlasr x' = c x + s y: the sine's sign flips.
  if (backward) {
    rot.beginSweep(start + count - 1, true);
    for (let i = count - 1; i >= 0; i--) rot.push(c[i]!, -s[i]!);
  } else {
    rot.beginSweep(start, false);
    for (let i = 0; i < count; i++) rot.push(c[i]!, -s[i]!);
  }
}

function recordOne(rot: PlaneRotations, start: number, c: number, s: number): void {
  rot.beginSweep(start, false);
  rot.push(c, -s);
}

/** The working state of one bidiagonal QR: one-based d[1..n], e[1..n-1], and a sweep's rotations. */
interface Sweep {
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly cs1: Float64Array;
  readonly sn1: Float64Array;
  readonly cs2: Float64Array;
  readonly sn2: Float64Array;
  readonly vectors: BidiagonalVectors | null;
  /** Off-diagonal entries at or below it are set to zero (dbdsqr's thresh). */
  readonly thresh: number;
}

/**
 * Diagonalizes B (d: n values, e: n - 1, both overwritten; d ends holding signed singular values,
 * unsorted). False where it did not converge in 6 n^2 inner steps (LAPACK's maxit).
 */
export function bidiagonalQr(d0: Float64Array, e0: Float64Array, n: number, vectors: BidiagonalVectors | null): boolean {
  if (n <= 1) return true;
  // One-based copies, as in the published algorithm: d[1..n], e[1..n-1].
  const d = new Float64Array(n + 1), e = new Float64Array(n + 1);
  d.set(d0.subarray(0, n), 1);
  e.set(e0.subarray(0, n - 1), 1);
  const tol = Math.max(10, Math.min(100, EPS ** -0.125)) * EPS;
  const st: Sweep = {
    d, e, vectors,
    cs1: new Float64Array(n), sn1: new Float64Array(n), cs2: new Float64Array(n), sn2: new Float64Array(n),
    thresh: Math.max(tol * smallestSingularValueEstimate(d, e, n), 6 * n * n * UNDERFLOW),
  };
  const maxit = 6 * n * n;
  let iter = 0, oldll = -1, oldm = -1, idir = 0;
  let m = n;
  while (m > 1) {
    if (iter > maxit) return false;
    if (vectors !== null && vectors.left.rotations >= APPLY_EVERY) vectors.apply();
    // Find the bottom unreduced block ll..m: e[ll-1] negligible.
    let smax = Math.abs(d[m]!);
    let ll = 0;
    for (let l = m - 1; l >= 1; l--) {
      const abss = Math.abs(d[l]!), abse = Math.abs(e[l]!);
      if (abse <= st.thresh) {
        ll = l;
        break;
      }
      smax = Math.max(smax, abss, abse);
    }
    if (ll > 0) {
      e[ll] = 0;
      if (ll === m - 1) {
        m--;
        continue;
      }
    }
    ll++;
    if (ll === m - 1) {
      diagonalize2x2(st, m);
      m -= 2;
      continue;
    }
    // A new block: chase the bulge from its larger end towards the smaller.
    if (ll > oldm || m < oldll) idir = Math.abs(d[ll]!) >= Math.abs(d[m]!) ? 1 : 2;
    const sminl = idir === 1 ? convergenceDown(d, e, ll, m, tol) : convergenceUp(d, e, ll, m, tol);
    if (sminl < 0) continue;
    oldll = ll;
    oldm = m;
    // The shift: zero where it would ruin relative accuracy, else the trailing 2x2's smaller singular value.
    let shift = 0;
    if (!(n * tol * (sminl / smax) <= Math.max(EPS, 0.01 * tol))) {
      const sll = Math.abs(idir === 1 ? d[ll]! : d[m]!);
      shift = idir === 1 ? singularValues2x2(d[m - 1]!, e[m - 1]!, d[m]!) : singularValues2x2(d[ll]!, e[ll]!, d[ll + 1]!);
      if (sll > 0 && (shift / sll) ** 2 < EPS) shift = 0;
    }
    iter += m - ll;
    if (shift === 0) (idir === 1 ? zeroShiftSweepDown : zeroShiftSweepUp)(st, ll, m);
    else (idir === 1 ? shiftedSweepDown : shiftedSweepUp)(st, ll, m, shift);
  }
  d0.set(d.subarray(1, n + 1));
  return true;
}

/** Demmel & Kahan's recurrence for a lower estimate of the smallest singular value, over sqrt(n). */
function smallestSingularValueEstimate(d: Float64Array, e: Float64Array, n: number): number {
  let sminoa = Math.abs(d[1]!);
  for (let i = 2, mu = sminoa; i <= n && sminoa !== 0; i++) {
    mu = Math.abs(d[i]!) * (mu / (mu + Math.abs(e[i - 1]!)));
    sminoa = Math.min(sminoa, mu);
  }
  return sminoa / Math.sqrt(n);
}

/** The 2x2 block m-1..m: its SVD directly (dlasv2). */
function diagonalize2x2(st: Sweep, m: number): void {
  const { d, e, vectors } = st;
  const r = svd2x2(d[m - 1]!, e[m - 1]!, d[m]!);
  d[m - 1] = r.ssmax;
  e[m - 1] = 0;
  d[m] = r.ssmin;
  if (vectors !== null) {
    recordOne(vectors.right, m - 2, r.csr, r.snr);
    recordOne(vectors.left, m - 2, r.csl, r.snl);
  }
}

/**
 * Convergence tests for a sweep from ll down to m: the standard one at the far end, then Demmel &
 * Kahan's relative one along the block. -1 where an entry was set to zero (the block splits), else
 * the estimate of the block's smallest singular value.
 */
function convergenceDown(d: Float64Array, e: Float64Array, ll: number, m: number, tol: number): number {
  if (Math.abs(e[m - 1]!) <= tol * Math.abs(d[m]!)) {
    e[m - 1] = 0;
    return -1;
  }
  let mu = Math.abs(d[ll]!);
  let sminl = mu;
  for (let l = ll; l <= m - 1; l++) {
    if (Math.abs(e[l]!) <= tol * mu) {
      e[l] = 0;
      return -1;
    }
    mu = Math.abs(d[l + 1]!) * (mu / (mu + Math.abs(e[l]!)));
    sminl = Math.min(sminl, mu);
  }
  return sminl;
}

/** convergenceDown for a sweep from m up to ll. */
function convergenceUp(d: Float64Array, e: Float64Array, ll: number, m: number, tol: number): number {
  if (Math.abs(e[ll]!) <= tol * Math.abs(d[ll]!)) {
    e[ll] = 0;
    return -1;
  }
  let mu = Math.abs(d[m]!);
  let sminl = mu;
  for (let l = m - 1; l >= ll; l--) {
    if (Math.abs(e[l]!) <= tol * mu) {
      e[l] = 0;
      return -1;
    }
    mu = Math.abs(d[l]!) * (mu / (mu + Math.abs(e[l]!)));
    sminl = Math.min(sminl, mu);
  }
  return sminl;
}

/** Records the sweep's rotations: `first` (cs1, sn1) on the right, `second` on the left, or swapped. */
function recordSweep(st: Sweep, ll: number, m: number, backward: boolean, swapSides: boolean): void {
  if (st.vectors === null) return;
  const [right, left] = swapSides ? [st.vectors.left, st.vectors.right] : [st.vectors.right, st.vectors.left];
  record(right, ll - 1, m - ll, backward, st.cs1, st.sn1);
  record(left, ll - 1, m - ll, backward, st.cs2, st.sn2);
}

/** Demmel & Kahan's zero-shift QR sweep, top to bottom. */
function zeroShiftSweepDown(st: Sweep, ll: number, m: number): void {
  const { d, e, cs1, sn1, cs2, sn2 } = st;
  let cs = 1, oldcs = 1, sn = 0, oldsn = 0;
  for (let i = ll; i <= m - 1; i++) {
    givens(d[i]! * cs, e[i]!);
    cs = rc;
    sn = rs;
    if (i > ll) e[i - 1] = oldsn * rr;
    givens(oldcs * rr, d[i + 1]! * sn);
    oldcs = rc;
    oldsn = rs;
    d[i] = rr;
    cs1[i - ll] = cs;
    sn1[i - ll] = sn;
    cs2[i - ll] = oldcs;
    sn2[i - ll] = oldsn;
  }
  const h = d[m]! * cs;
  d[m] = h * oldcs;
  e[m - 1] = h * oldsn;
  recordSweep(st, ll, m, false, false);
  if (Math.abs(e[m - 1]!) <= st.thresh) e[m - 1] = 0;
}

/** Demmel & Kahan's zero-shift QR sweep, bottom to top. */
function zeroShiftSweepUp(st: Sweep, ll: number, m: number): void {
  const { d, e, cs1, sn1, cs2, sn2 } = st;
  let cs = 1, oldcs = 1, sn = 0, oldsn = 0;
  for (let i = m; i >= ll + 1; i--) {
    givens(d[i]! * cs, e[i - 1]!);
    cs = rc;
    sn = rs;
    if (i < m) e[i] = oldsn * rr;
    givens(oldcs * rr, d[i - 1]! * sn);
    oldcs = rc;
    oldsn = rs;
    d[i] = rr;
    cs1[i - ll - 1] = cs;
    sn1[i - ll - 1] = -sn;
    cs2[i - ll - 1] = oldcs;
    sn2[i - ll - 1] = -oldsn;
  }
  const h = d[ll]! * cs;
  d[ll] = h * oldcs;
  e[ll] = h * oldsn;
  recordSweep(st, ll, m, true, true);
  if (Math.abs(e[ll]!) <= st.thresh) e[ll] = 0;
}

/** The implicitly shifted QR sweep (Golub & Kahan), top to bottom. */
function shiftedSweepDown(st: Sweep, ll: number, m: number, shift: number): void {
  const { d, e, cs1, sn1, cs2, sn2 } = st;
  let f = (Math.abs(d[ll]!) - shift) * ((d[ll]! >= 0 ? 1 : -1) + shift / d[ll]!);
  let g = e[ll]!;
  for (let i = ll; i <= m - 1; i++) {
    givens(f, g);
    const cosr = rc, sinr = rs;
    if (i > ll) e[i - 1] = rr;
    f = cosr * d[i]! + sinr * e[i]!;
    e[i] = cosr * e[i]! - sinr * d[i]!;
    g = sinr * d[i + 1]!;
    d[i + 1] = cosr * d[i + 1]!;
    givens(f, g);
    const cosl = rc, sinl = rs;
    d[i] = rr;
    f = cosl * e[i]! + sinl * d[i + 1]!;
    d[i + 1] = cosl * d[i + 1]! - sinl * e[i]!;
    if (i < m - 1) {
      g = sinl * e[i + 1]!;
      e[i + 1] = cosl * e[i + 1]!;
    }
    cs1[i - ll] = cosr;
    sn1[i - ll] = sinr;
    cs2[i - ll] = cosl;
    sn2[i - ll] = sinl;
  }
  e[m - 1] = f;
  recordSweep(st, ll, m, false, false);
  if (Math.abs(e[m - 1]!) <= st.thresh) e[m - 1] = 0;
}

/** The implicitly shifted QR sweep (Golub & Kahan), bottom to top. */
function shiftedSweepUp(st: Sweep, ll: number, m: number, shift: number): void {
  const { d, e, cs1, sn1, cs2, sn2 } = st;
  let f = (Math.abs(d[m]!) - shift) * ((d[m]! >= 0 ? 1 : -1) + shift / d[m]!);
  let g = e[m - 1]!;
  for (let i = m; i >= ll + 1; i--) {
    givens(f, g);
    const cosr = rc, sinr = rs;
    if (i < m) e[i] = rr;
    f = cosr * d[i]! + sinr * e[i - 1]!;
    e[i - 1] = cosr * e[i - 1]! - sinr * d[i]!;
    g = sinr * d[i - 1]!;
    d[i - 1] = cosr * d[i - 1]!;
    givens(f, g);
    const cosl = rc, sinl = rs;
    d[i] = rr;
    f = cosl * e[i - 1]! + sinl * d[i - 1]!;
    d[i - 1] = cosl * d[i - 1]! - sinl * e[i - 1]!;
    if (i > ll + 1) {
      g = sinl * e[i - 2]!;
      e[i - 2] = cosl * e[i - 2]!;
    }
    cs1[i - ll - 1] = cosr;
    sn1[i - ll - 1] = -sinr;
    cs2[i - ll - 1] = cosl;
    sn2[i - ll - 1] = -sinl;
  }
  e[ll] = f;
  if (Math.abs(e[ll]!) <= st.thresh) e[ll] = 0;
  recordSweep(st, ll, m, true, true);
}

// givens' results (dlartg): c f + s g = r, -s f + c g = 0, c >= 0 where f != 0.
let rc = 1, rs = 0, rr = 0;

function givens(f: number, g: number): void {
  if (g === 0) {
    rc = 1;
    rs = 0;
    rr = f;
  } else if (f === 0) {
    rc = 0;
    rs = g > 0 ? 1 : -1;
    rr = Math.abs(g);
  } else {
    let h = Math.sqrt(f * f + g * g);
    // Squares out of range: hypot's scaled sum.
    if (!(h > 1e-150 && h < 1e150)) h = Math.hypot(f, g);
    const r = f > 0 ? h : -h;
    rc = f / r;
    rs = g / r;
    rr = r;
  }
}

/** The smaller singular value of [[f, g], [0, h]] (dlas2), without overflow or needless underflow. */
function singularValues2x2(f: number, g: number, h: number): number {
  const fa = Math.abs(f), ga = Math.abs(g), ha = Math.abs(h);
  const fhmn = Math.min(fa, ha), fhmx = Math.max(fa, ha);
  if (fhmn === 0) return 0;
  if (ga < fhmx) {
    const as = 1 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx, au = (ga / fhmx) ** 2;
    return fhmn * (2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au)));
  }
  const au = fhmx / ga;
  if (au === 0) return (fhmn * fhmx) / ga;
  const as = 1 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx;
  const c = 1 / (Math.sqrt(1 + (as * au) ** 2) + Math.sqrt(1 + (at * au) ** 2));
  return 2 * (fhmn * c) * au;
}

interface Svd2x2 {
  readonly ssmin: number;
  readonly ssmax: number;
  readonly csl: number;
  readonly snl: number;
  readonly csr: number;
  readonly snr: number;
}

/**
 * The SVD of [[f, g], [0, h]] (dlasv2): [csl snl; -snl csl] [[f, g], [0, h]] [csr -snr; snr csr]
 * = diag(ssmax, ssmin), |ssmax| >= |ssmin|, accurate to a few ulps in each entry.
 */
function svd2x2(f: number, g: number, h: number): Svd2x2 {
  let ft = f, fa = Math.abs(f), ht = h, ha = Math.abs(h);
  let pmax = 1;
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    [ft, ht] = [ht, ft];
    [fa, ha] = [ha, fa];
  }
  const gt = g, ga = Math.abs(g);
  let ssmin: number, ssmax: number, clt: number, crt: number, slt: number, srt: number;
  if (ga === 0) {
    ssmin = ha;
    ssmax = fa;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
  } else {
    let gasmal = true;
    ssmin = ssmax = clt = crt = slt = srt = 0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < EPS) {
        // g dominates: the singular values are ga and fa ha / ga to working precision.
        gasmal = false;
        ssmax = ga;
        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
        clt = 1;
        slt = ht / gt;
        srt = 1;
        crt = ft / gt;
      }
    }
    if (gasmal) {
      const dd = fa - ha;
      let l = dd === fa ? 1 : dd / fa;
      const mm0 = gt / ft;
      let t = 2 - l;
      const mm = mm0 * mm0, tt = t * t;
      const s = Math.sqrt(tt + mm);
      const r = l === 0 ? Math.abs(mm0) : Math.sqrt(l * l + mm);
      const a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm === 0) t = l === 0 ? (ft >= 0 ? 2 : -2) * (gt >= 0 ? 1 : -1) : gt / (ft >= 0 ? dd : -dd) + mm0 / t;
      else t = (mm0 / (s + t) + mm0 / (r + l)) * (a + 1);
      l = Math.sqrt(t * t + 4);
      crt = 2 / l;
      srt = t / l;
      clt = (crt + srt * mm0) / a;
      slt = ((ht / ft) * srt) / a;
    }
  }
  const [csl, snl, csr, snr] = swap ? [srt, crt, slt, clt] : [clt, slt, crt, srt];
  const sign = (x: number): number => (x >= 0 ? 1 : -1);
  const tsign = pmax === 1 ? sign(csr) * sign(csl) * sign(f) : pmax === 2 ? sign(snr) * sign(csl) * sign(g) : sign(snr) * sign(snl) * sign(h);
  return { ssmax: Math.abs(ssmax) * tsign, ssmin: Math.abs(ssmin) * tsign * sign(f) * sign(h), csl, snl, csr, snr };
}
