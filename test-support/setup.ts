/**
 * Loaded before every test file (vitest.config.ts `setupFiles`).
 *
 * Many app tests run the real CLI with spawnSync, which blocks the test worker's event loop. vitest's
 * worker reports progress to the main process over RPC with a 60 s reply timeout; when a whole file of
 * synchronous tests runs without the event loop turning, the reply cannot be read and a file that
 * takes over 60 s (kpi.test.ts and source-digest.test.ts on a loaded 2-core machine) ends with
 * `Timeout calling "onTaskUpdate"` although every test passed. One turn of the event loop after
 * each test lets the replies in.
 */
import { afterEach } from "vitest"

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)))
