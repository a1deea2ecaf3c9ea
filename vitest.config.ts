import { defineConfig } from 'vitest/config';

// Simulation tests run whole (short) simulations: give them time, but keep the suite small.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
