import { defineConfig } from 'vitest/config';

// Simulation tests run whole (short) simulations: give them time, but keep the suite small.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // two files at once on 2 cores: 388–410 s against 650 s one at a time (2026-12-02, two clean
    // runs each); the browser test that once failed under this load no longer asserts a wall time
    maxWorkers: 2,
  },
});
