/**
 * Interruption: SIGTERM, SIGINT, or the death of the parent process. The last matters under `npx wirewatch` and
 * `npm run`: npm hands SIGTERM to the `sh -c` it started, the shell dies without passing it on, and wirewatch would
 * carry on orphaned; noticing that its parent changed, it stops as if it had been signalled. A command that can stop
 * cleanly (scan, apply) registers an AbortController and finishes its reports; anything else, or a second signal,
 * exits at once with 128 + the signal number, as a shell would report it. Node as PID 1 in a container gets no
 * default signal handling from the kernel, so these handlers are what make `docker stop` work there too.
 */
import { constants } from "node:os";

type Reason = "SIGTERM" | "SIGINT" | "SIGHUP";
const SIGNALS: Reason[] = ["SIGTERM", "SIGINT", "SIGHUP"];

let active: AbortController | undefined;
let installed = false;
let interruptedOnce = false;

const exitCodeOf = (signal: Reason) => 128 + (constants.signals[signal] ?? 15);

function interrupt(signal: Reason): void {
  if (active && !active.signal.aborted) {
    interruptedOnce = true;
    active.abort(signal);
    return;
  }
  process.exit(exitCodeOf(signal));
}

/**
 * Installs the process-wide handlers (the bin does, once). Polling the parent id is how a child notices that the
 * shell between it and npm has died; the timer is unref'd so it never keeps the process alive.
 */
export function installInterruptHandling(pollMs = 500): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, () => interrupt(s));
  const parent = process.ppid;
  if (parent > 1) {
    const poll = setInterval(() => {
      if (process.ppid === parent) return;
      // Once: the orphaned process stays orphaned, and a second interrupt would end the grace period at once.
      clearInterval(poll);
      interrupt("SIGTERM");
    }, pollMs).unref();
  }
}

/**
 * Runs `work` with a signal that aborts on the first interruption (reason: the signal's name). Without installed
 * handlers (a test calling main() in-process) the signal simply never fires.
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const previous = active;
  active = controller;
  try {
    return await work(controller.signal);
  } finally {
    active = previous;
  }
}

/** Whether a command was interrupted: the bin then exits as soon as its reports are out, abandoning stray I/O. */
export const wasInterrupted = (): boolean => interruptedOnce;
