import { availableParallelism } from "node:os"
import { defineConfig } from "vitest/config"

// Tests run on the TypeScript sources: the "@govplan/source" export condition
// points every workspace package at src/ so no build is needed first.
export default defineConfig({
  resolve: { conditions: ["@govplan/source"] },
  ssr: { resolve: { conditions: ["@govplan/source"], externalConditions: ["@govplan/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "packages/*/src/**/*.test.ts", "apps/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // at least two test files at once: vitest's default (cores - 1) is one on the 2-core machines CI
    // runs on, where most files wait on child processes (the CLI, LibreOffice) or databases; two took
    // the suite from ~15 to ~9.5 minutes there
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    setupFiles: ["test-support/setup.ts"],
    // in CI, also a machine-readable summary that .ci/run turns into its closing "N passed, N failed" line
    ...(process.env.CI ? { reporters: ["default", "json"], outputFile: { json: "node_modules/.cache/govplan-vitest.json" } } : {})
  }
})
