// Running code with the JS backend's helper thread off (backends/js/threads), for tests that
// compare a split run with a one-thread run.
import { setKernelThreads } from "../../backends/js/index.js";

/** Runs `f` with the helper thread off. */
export function oneThread<T>(f: () => T): T {
  const old = setKernelThreads(false);
  try {
    return f();
  } finally {
    setKernelThreads(old);
  }
}
