// The spiral MLP of examples/mlpClassifier.ts, for the page: three interleaved spiral arms
// (CS231n's toy set) from a threefry key, a 2 -> hidden -> hidden -> 3 relu MLP, softmax
// cross-entropy, and one jitted step (valueAndGrad of the loss plus Adam's update). A copy rather
// than an import because that file reads node:path for its command line. The library comes in
// as an argument, so the page and the browser tests can both hand it the bundle.
// @ts-check

const CLASSES = 3;

/** @typedef {import("../../dist/index.js").Array} Arr */
/** @typedef {{ w: Arr, b: Arr }[]} Params */

/**
 * @param {typeof import("../../dist/index.js")} dp the dprog module
 * @param {{ pointsPerClass?: number, hidden?: number, learningRate?: number, seed?: number }} [options]
 */
export function createTrainer(dp, options = {}) {
  const { numpy: np, random, nn, optim, jit, valueAndGrad } = dp;
  const n = options.pointsPerClass ?? 100;
  const hidden = options.hidden ?? 32;
  const [kData, kInit] = np.unstack(random.split(random.key(options.seed ?? 0), 2));

  // n points per class: radius r ~ U(0, 1), angle 4k + 4r + 0.2 noise for class k.
  const [kr, kt] = np.unstack(random.split(kData));
  const r = random.uniform(kr, [CLASSES, n]);
  const arm = np.expandDims(np.arange(CLASSES), 1);
  const theta = arm.mul(4).add(r.mul(4)).add(random.normal(kt, [CLASSES, n]).mul(0.2));
  let x = np.stack([r.mul(np.sin(theta)), r.mul(np.cos(theta))], -1).reshape([CLASSES * n, 2]);
  let y = np.broadcastTo(arm, [CLASSES, n]).reshape([CLASSES * n]).astype("int32");

  // He initialization for relu layers.
  const sizes = [2, hidden, hidden, CLASSES];
  const keys = random.split(kInit, sizes.length - 1);
  /** @type {Params} */
  let params = sizes.slice(1).map((fanOut, i) => ({
    w: random.normal(keys.get(i), [sizes[i], fanOut]).mul(Math.sqrt(2 / sizes[i])),
    b: np.zeros([fanOut]),
  }));

  /** @param {Params} ps @param {Arr} xs */
  const logits = (ps, xs) => {
    let h = xs;
    ps.forEach(({ w, b }, i) => {
      h = h.matmul(w).add(b);
      if (i < ps.length - 1) h = nn.relu(h);
    });
    return h;
  };
  /** @param {Params} ps @param {Arr} xs @param {Arr} ys */
  const loss = (ps, xs, ys) => np.mean(np.sum(nn.logSoftmax(logits(ps, xs)).mul(nn.oneHot(ys, CLASSES)), -1)).neg();

  const opt = optim.adam(options.learningRate ?? 0.01);
  let state = opt.init(params);
  const step = jit((/** @type {Params} */ ps, /** @type {typeof state} */ st, /** @type {Arr} */ xs, /** @type {Arr} */ ys) => {
    const [l, grads] = valueAndGrad(loss)(ps, xs, ys);
    const [updates, next] = opt.update(grads, st, ps);
    return /** @type {[Params, typeof st, Arr]} */ ([optim.applyUpdates(ps, updates), next, l]);
  });
  const probabilities = jit((/** @type {Params} */ ps, /** @type {Arr} */ xs) => nn.softmax(logits(ps, xs), -1));
  const accuracy = jit((/** @type {Params} */ ps, /** @type {Arr} */ xs, /** @type {Arr} */ ys) => np.mean(np.equal(np.argmax(logits(ps, xs), -1), ys).astype("float32")));

  /** @type {number[]} */
  const losses = [];
  return {
    /** The training points as plain arrays: x is [3n, 2] row-major, y the class of each point. */
    points: { x: /** @type {Float32Array} */ (x.dataSync()), y: /** @type {Int32Array} */ (y.dataSync()) },
    losses,
    /** Runs `count` full-batch steps; returns the last loss. */
    train(count = 1) {
      for (let i = 0; i < count; i++) {
        const [p, s, l] = step(params, state, x, y);
        params = p;
        state = s;
        losses.push(l.item());
      }
      return losses[losses.length - 1];
    },
    accuracy: () => accuracy(params, x, y).item(),
    /**
     * Moves the parameters, the optimizer state and the data to `device`: the jitted step then
     * runs there (computation follows data; the page also sets the default device).
     * @param {"js" | "gpu"} device
     */
    useDevice(device) {
      const put = (/** @type {Arr} */ a) => dp.devicePut(a, device);
      params = dp.tree.map(put, params);
      state = dp.tree.map(put, state);
      x = put(x);
      y = put(y);
    },
    /**
     * Class probabilities on a res x res grid over [-extent, extent]^2, row-major from the top
     * left (y decreasing down the rows): Float32Array [res * res * 3].
     */
    /** @param {number} res */
    grid(res, extent = 1.1) {
      const lin = np.linspace(-extent, extent, res);
      const gx = np.broadcastTo(np.expandDims(lin, 0), [res, res]);
      const gy = np.broadcastTo(np.expandDims(np.flip(lin, 0), 1), [res, res]);
      const xs = np.stack([gx, gy], -1).reshape([res * res, 2]);
      return /** @type {Float32Array} */ (probabilities(params, xs).dataSync());
    },
  };
}
