// np.linalg (issues 20, 23): the namespace, assembled from its modules.
export * from "./npLinalg.js";
export * from "./npLinalgExtra.js";
export * from "./npLinalgEig.js";
export * from "./npLinalgArrayApi.js";
