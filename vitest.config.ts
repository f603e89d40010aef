import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real sshd and etcd processes; give them room, but keep unit tests fast.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each test file that needs lab hosts starts its own on its own address block, so files can run in parallel.
    // Those files mostly wait on sshd, etcd and ansible, so three workers keep two cores busy (vitest's default
    // on two cores is one worker, which runs the integration files one after another).
    fileParallelism: true,
    maxWorkers: 3,
  },
});
