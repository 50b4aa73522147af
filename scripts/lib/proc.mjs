// Child processes, stages and cleanup for scripts/run.mjs. Plain Node, no dependencies:
// this runs before `npm ci`.
import { spawn } from "node:child_process";
import path from "node:path";
import net from "node:net";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

const children = new Set();
const cleanups = [];
let shuttingDown = false;

const color = (code) => (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = color("1");
export const dim = color("2");
export const green = color("32");
export const red = color("31");
export const yellow = color("33");
export const cyan = color("36");

export const log = (msg = "") => console.log(msg);
export const warn = (msg) => console.log(yellow(`! ${msg}`));

/** A failure that already explained itself: run.mjs prints the message and exits. */
export class StageError extends Error {}

/** Registers an async cleanup; cleanups run last-in first-out on exit, failure and signals. */
export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export async function runCleanups() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      warn(`cleanup failed: ${error?.message ?? error}`);
    }
  }
}

/** Path of an installed package binary (node_modules/.bin/<name>). */
export const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);

/**
 * Runs a command to completion with inherited stdio. Resolves with the exit code;
 * with `check` (default) rejects on a non-zero code.
 */
export function run(cmd, args = [], { env = process.env, cwd = ROOT, check = true, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"] });
    let output = "";
    if (quiet) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    children.add(child);
    child.on("error", (error) => {
      children.delete(child);
      reject(new StageError(`could not start ${cmd}: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      children.delete(child);
      const status = code ?? (signal ? 128 : 1);
      if (status !== 0 && check) {
        if (quiet && output) process.stdout.write(output);
        reject(new StageError(`${path.basename(cmd)} ${args.join(" ")} exited with ${signal ?? code}`));
      } else resolve(status);
    });
  });
}

/**
 * Starts a long-running child (a server). Returns { child, exited, stop() }.
 * stop() sends SIGTERM, then SIGKILL after `graceMs`.
 */
export function start(cmd, args = [], { env = process.env, cwd = ROOT, stdio = ["ignore", "inherit", "inherit"], graceMs = 10_000 } = {}) {
  const child = spawn(cmd, args, { cwd, env, stdio });
  children.add(child);
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
    child.on("error", (error) => {
      children.delete(child);
      resolve({ code: 1, signal: null, error });
    });
  });
  let stopping;
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    stopping ??= (async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { child, exited, stop };
}

/** Seconds with one decimal. */
export const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** Runs one named stage, printing its name and duration. Throws StageError on failure. */
export async function stage(name, fn) {
  log(`\n${bold(cyan("▶"))} ${bold(name)}`);
  const t0 = Date.now();
  try {
    const result = await fn();
    log(`${green("✔")} ${name} ${dim(`(${seconds(Date.now() - t0)})`)}`);
    return result;
  } catch (error) {
    log(`${red("✖")} ${name} failed after ${seconds(Date.now() - t0)}${error?.message ? `: ${error.message}` : ""}`);
    if (!(error instanceof StageError) && error?.stack) log(dim(error.stack));
    throw new StageError(name, { cause: error });
  }
}

/** Resolves once host:port accepts TCP connections, or rejects after `timeoutMs`. */
export async function waitForPort(port, { host = "127.0.0.1", timeoutMs = 30_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new StageError(`process exited before ${host}:${port} accepted connections`);
    if (await canConnect(port, host)) return;
    await sleep(200);
  }
  throw new StageError(`${host}:${port} did not accept connections within ${seconds(timeoutMs)}`);
}

export function canConnect(port, host = "127.0.0.1", timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** A TCP port that is free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls an HTTP URL until it answers (any status below 500). */
export async function waitForHttp(url, { timeoutMs = 60_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (!isAlive()) throw new StageError(`server exited before ${url} answered`);
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return res.status;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error?.cause?.code ?? error?.message ?? String(error);
    }
    await sleep(300);
  }
  throw new StageError(`${url} did not answer within ${seconds(timeoutMs)} (${last})`);
}

/**
 * SIGINT/SIGTERM: forward to the children, run the cleanups (stop servers,
 * drop the throwaway database, stop the embedded database), then exit.
 * A second signal exits at once.
 */
export function installSignalHandlers() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, async () => {
      if (shuttingDown) {
        for (const child of children) child.kill("SIGKILL");
        process.exit(130);
      }
      shuttingDown = true;
      log(`\n${yellow(`${signal}: stopping…`)}`);
      for (const child of children) child.kill(signal === "SIGHUP" ? "SIGTERM" : signal);
      await runCleanups();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  }
}

export const isShuttingDown = () => shuttingDown;
