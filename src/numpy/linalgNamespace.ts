// np.linalg (issue 20): the namespace, assembled from its two modules.
export * from "./npLinalg.js";
export * from "./npLinalgExtra.js";
