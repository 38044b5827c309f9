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
    // in CI, also a machine-readable summary that .ci/run turns into its closing "N passed, N failed" line
    ...(process.env.CI ? { reporters: ["default", "json"], outputFile: { json: "node_modules/.cache/govplan-vitest.json" } } : {})
  }
})
