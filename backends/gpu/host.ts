// The GPU backend's view of the host environment: the shared helpers in backends/js/host.ts.
export * from "../js/host.js";
