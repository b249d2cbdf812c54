// The hand-written reference for bench/science.ts's BFGS row: jax.scipy.optimize's BFGS (with
// dprog's rank-2 inverse-Hessian update) and its strong-Wolfe zoom line search (Wright & Nocedal
// algorithms 3.5, 3.6 and 6.1) on Float64Arrays, one scalar branch where dprog selects.

/** Returns f(x) and writes its gradient into g. */
export type ValueAndGrad = (x: Float64Array, g: Float64Array) => number;

interface Point { a: number; phi: number; dphi: number; g: Float64Array }

const dot = (u: Float64Array, v: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
};

function cubicmin(a: number, fa: number, fpa: number, b: number, fb: number, c: number, fc: number): number {
  const db = b - a;
  const dc = c - a;
  const denom = (db * dc) ** 2 * (db - dc);
  const d20 = fb - fa - fpa * db;
  const d21 = fc - fa - fpa * dc;
  const A = (dc * dc * d20 - db * db * d21) / denom;
  const B = (-(dc * dc * dc) * d20 + db * db * db * d21) / denom;
  return a + (-B + Math.sqrt(B * B - 3 * A * fpa)) / (3 * A);
}

function quadmin(a: number, fa: number, fpa: number, b: number, fb: number): number {
  const db = b - a;
  const B = (fb - fa - fpa * db) / (db * db);
  return a - fpa / (2 * B);
}

interface LineSearch { star: Point; failed: boolean; nfev: number }

function lineSearch(restricted: (a: number) => Point, p0: Point, oldOldFval: number, maxiter: number, c1 = 1e-4, c2 = 0.9): LineSearch {
  const wolfeOne = (a: number, phi: number): boolean => phi > p0.phi + c1 * a * p0.dphi;
  const wolfeTwo = (dphi: number): boolean => Math.abs(dphi) <= -c2 * p0.dphi;
  let nfev = 0;
  const zoom = (lo0: Point, hi0: Point): { star: Point; failed: boolean } => {
    let lo = lo0;
    let hi = hi0;
    let rec = { a: (lo.a + hi.a) / 2, phi: (lo.phi + hi.phi) / 2 };
    let star: Point = { a: 1, phi: lo.phi, dphi: lo.dphi, g: p0.g };
    let failed = false;
    let done = false;
    for (let j = 0; !done && !failed; ) {
      const dalpha = hi.a - lo.a;
      const left = Math.min(hi.a, lo.a);
      const right = Math.max(hi.a, lo.a);
      failed = Math.abs(dalpha) <= 1e-10;
      const cubic = cubicmin(lo.a, lo.phi, lo.dphi, hi.a, hi.phi, rec.a, rec.phi);
      const quad = quadmin(lo.a, lo.phi, lo.dphi, hi.a, hi.phi);
      let aJ: number;
      if (j > 0 && cubic > left + 0.2 * dalpha && cubic < right - 0.2 * dalpha) aJ = cubic;
      else if (quad > left + 0.1 * dalpha && quad < right - 0.1 * dalpha) aJ = quad;
      else aJ = (lo.a + hi.a) / 2;
      const pj = restricted(aJ);
      nfev++;
      if (wolfeOne(aJ, pj.phi) || pj.phi >= lo.phi) {
        rec = { a: hi.a, phi: hi.phi };
        hi = pj;
      } else if (wolfeTwo(pj.dphi)) {
        star = pj;
        done = true;
      } else {
        if (pj.dphi * (hi.a - lo.a) >= 0) {
          rec = { a: hi.a, phi: hi.phi };
          hi = lo;
        } else rec = { a: lo.a, phi: lo.phi };
        lo = pj;
      }
      j++;
      failed = failed || j >= 30;
    }
    return { star, failed };
  };
  const candidate = (1.01 * 2 * (p0.phi - oldOldFval)) / p0.dphi;
  const start = candidate > 1 ? 1 : candidate;
  let prev: Point = { ...p0, a: 0 };
  let star: Point = prev;
  let done = false;
  let failed = false;
  for (let i = 1; !done && i <= maxiter && !failed; i++) {
    const cur = restricted(i === 1 ? start : prev.a * 2);
    nfev++;
    if (wolfeOne(cur.a, cur.phi) || (cur.phi >= prev.phi && i > 1)) {
      const z = zoom(prev, cur);
      [star, failed, done] = [z.star, z.failed, true];
    } else if (wolfeTwo(cur.dphi)) {
      [star, done] = [cur, true];
    } else if (cur.dphi >= 0) {
      const z = zoom(cur, prev);
      [star, failed, done] = [z.star, z.failed, true];
    }
    prev = cur;
  }
  return { star, failed: failed || !done, nfev };
}

/** BFGS from x0 for at most `maxiter` steps; returns the final x, f and the step count. */
export function minimizeBfgsJs(fg: ValueAndGrad, x0: Float64Array, maxiter: number, gtol = 1e-5, lineSearchMaxiter = 10): { x: Float64Array; f: number; nit: number } {
  const n = x0.length;
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = 1;
  let x: Float64Array = x0.slice();
  let g: Float64Array = new Float64Array(n);
  let f = fg(x, g);
  let oldOld = f + Math.sqrt(dot(g, g)) / 2;
  const p = new Float64Array(n);
  const u = new Float64Array(n);
  const maxAbs = (v: Float64Array): number => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
  let converged = maxAbs(g) < gtol;
  let k = 0;
  for (; !converged && k < maxiter; k++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += h[i * n + j]! * g[j]!;
      p[i] = -s;
    }
    const xk = x;
    const restricted = (a: number): Point => {
      const xt = new Float64Array(n);
      for (let i = 0; i < n; i++) xt[i] = xk[i]! + a * p[i]!;
      const gt = new Float64Array(n);
      const phi = fg(xt, gt);
      return { a, phi, dphi: dot(gt, p), g: gt };
    };
    const ls = lineSearch(restricted, { a: 0, phi: f, dphi: dot(g, p), g }, oldOld, lineSearchMaxiter);
    const s = p.map((v) => ls.star.a * v);
    const xNext = x.map((v, i) => v + s[i]!);
    const y = ls.star.g.map((v, i) => v - g[i]!);
    const rho = 1 / dot(y, s);
    if (Number.isFinite(rho)) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += h[i * n + j]! * y[j]!;
        u[i] = acc;
      }
      const ss = rho * rho * dot(y, u) + rho;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) h[i * n + j] = h[i * n + j]! - rho * (u[i]! * s[j]! + s[i]! * u[j]!) + ss * s[i]! * s[j]!;
      }
    }
    oldOld = f;
    [x, f, g] = [xNext, ls.star.phi, ls.star.g];
    converged = maxAbs(g) < gtol;
    if (ls.failed) {
      k++;
      break;
    }
  }
  return { x, f, nit: k };
}
