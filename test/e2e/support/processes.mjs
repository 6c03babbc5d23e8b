// Child processes of the tests: each in its own process group, its pid noted where `npm test`
// looks after the file (TEST_PID_DIR), and stopped by process group, SIGTERM then SIGKILL.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Notes `pid` (a process-group leader) for `npm test`, which kills its group once the file ended. */
export function registerPid(pid) {
  const dir = process.env.TEST_PID_DIR;
  if (dir && pid) writeFileSync(join(dir, String(pid)), '');
}

/**
 * Whether process group `pgid` has a member that is not a zombie: a zombie is dead already, and
 * waits only for a parent that may never reap it (where PID 1 reaps none).
 */
function alive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .some((name) => {
        try {
          const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
          // After the command name: state, ppid, pgrp.
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(pgrp) === pgid && state !== 'Z';
        } catch {
          return false;
        }
      });
  } catch {
    // No /proc: the signal's answer is all there is.
    return true;
  }
}

/** Ends the process group `pid` leads: SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopGroup(pid, graceMs = 5000) {
  if (!pid) return;
  for (const [signal, waitMs] of [
    ['SIGTERM', graceMs],
    ['SIGKILL', 2000],
  ]) {
    try {
      process.kill(-pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!alive(pid)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Starts `command` in its own process group, noted for `npm test`; `stop()` ends the group. */
export function spawnDetached(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  registerPid(child.pid);
  return { child, stop: () => stopGroup(child.pid) };
}

/**
 * Runs `command` to its end (its own process group; the group is killed after `timeoutMs`), without
 * blocking the event loop as spawnSync would, so a test's own time limit still applies.
 */
export function run(command, args, { cwd, env = process.env, timeoutMs = 600_000 } = {}) {
  const { child, stop } = spawnDetached(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let output = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    output += chunk;
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stop();
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, output: `${output}${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const note = timedOut ? `\n(killed after ${timeoutMs} ms)` : signal ? `\n(ended by ${signal})` : '';
      // The group may hold more than the command (e.g. a daemon it started): it ends with it.
      void stopGroup(child.pid, 1000);
      resolve({ code: code ?? -1, stdout, output: `${output}${note}` });
    });
  });
}

/**
 * Notes the children of this process that lead their own process group (browsers launched by
 * Playwright or Puppeteer are), so that `npm test` ends them too if this file is killed.
 */
export function registerChildGroups() {
  if (!process.env.TEST_PID_DIR) return;
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const name of entries) {
    try {
      // Fields after the command name: state, ppid, pgrp.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === process.pid && Number(pgrp) === Number(name)) registerPid(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
}
