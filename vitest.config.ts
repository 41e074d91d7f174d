import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Two workers on the 2-core CI machine: golden tests spend most of their time waiting on CMake,
    // the compiler and the emulator, so two files at a time keep both cores busy.
    maxWorkers: 2,
  },
});
