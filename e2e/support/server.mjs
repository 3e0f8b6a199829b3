// Starts the real Sắp xếp server on a free loopback port with a fresh data
// folder, and stops it (SIGTERM, then waits) at the end of a test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD } from './api.mjs';

const STARTUP_TIMEOUT_MS = 15 * 60 * 1000;

/** Runs `cargo xtask serve` exactly as a person would, on port 0. */
export function startServeCommand() {
  const xtask = required('SAPXEP_XTASK');
  return start(xtask, ['serve'], { cwd: new URL('../..', import.meta.url).pathname });
}

/**
 * Runs the server binary the xtask built, serving the built app. `dataDir`
 * and an `SAPXEP_ADDR` in `extraEnv` start it again on the data and the
 * address (so the same origin, for the tablets) of one stopped with
 * `stop({ keepData: true })`.
 */
export function startServer(extraEnv = {}, { dataDir } = {}) {
  const binary = required('SAPXEP_SERVER_BIN');
  return start(binary, [], { extraEnv, dataDir });
}

function start(program, args, { cwd, extraEnv = {}, dataDir = mkdtempSync(join(tmpdir(), 'sapxep-e2e-data-')) } = {}) {
  const child = spawn(program, args, {
    cwd,
    env: {
      ...process.env,
      SAPXEP_ADDR: '127.0.0.1:0',
      SAPXEP_DATA_DIR: dataDir,
      SAPXEP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
    const read = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (https?:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    ready,
    dataDir,
    output: () => output,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const result = await exited;
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
  };
}

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests with \`cargo xtask test\``);
  return value;
}
