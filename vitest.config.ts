/// <reference types="vitest/config" />
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'labs/**/*.test.ts', 'test/unit/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    testTimeout: 30000,
  },
});
