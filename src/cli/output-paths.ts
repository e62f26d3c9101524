/**
 * Where reports, plans and saved inventories go, checked before any AWS call: a scan of a large organization
 * takes minutes, and finding only at the end that `--output` names a file or a read-only directory would
 * discard it. A report that still cannot be written when the scan ends is saved beside (the working directory,
 * then the system temporary directory) or, as a last resort, printed; it is never discarded.
 */
import { constants } from "node:fs";
import { access, mkdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.ts";
import type { Io } from "./io.ts";

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);

/** The directory `dir`, created if missing, must be a writable directory; `what` names the flag or setting. */
export async function requireWritableDir(dir: string, what: string): Promise<void> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) throw new UsageError(`${what} ${dir}: is a file, not a directory`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (errno(err) !== "ENOENT") throw new UsageError(`${what} ${dir}: cannot be used (${errno(err)})`);
    try {
      await mkdir(dir, { recursive: true });
    } catch (mkErr) {
      throw new UsageError(`${what} ${dir}: cannot be created (${errno(mkErr)})`);
    }
  }
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    throw new UsageError(`${what} ${dir}: is not writable (${errno(err)})`);
  }
}

/** A file `path` will be written: its directory must be writable and the path itself must not be a directory. */
export async function requireWritableFile(path: string, what: string): Promise<void> {
  const s = await stat(path).catch(() => undefined);
  if (s?.isDirectory()) throw new UsageError(`${what} ${path}: is a directory, not a file`);
  await requireWritableDir(dirname(resolve(path)), what);
}

export interface Written {
  path: string | null;
  /** Set when the file could not be written where asked: why, and where it went instead. */
  fallback?: { error: string; to: string };
}

/** Writes the pieces to a stream in order, waiting whenever the stream asks to (a slow pipe). */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
  }
}

/**
 * Writes `text` to `path`; if that fails, beside it in the working directory, then in the temporary directory,
 * and as a last resort prints it to stdout. Reports the outcome on stderr either way.
 */
export async function writeOrKeep(
  path: string,
  text: string | (() => Iterable<string>),
  io: Io,
  label: string,
  beside: readonly string[] = [process.cwd(), tmpdir()],
): Promise<Written> {
  const name = basename(path) || "wirewatch-output";
  let firstError = "";
  for (const candidate of [path, ...beside.map((dir) => join(dir, name))]) {
    try {
      await mkdir(dirname(candidate), { recursive: true });
      // A function gives the text in pieces, afresh for each place tried: fs writes them one by one.
      await writeFile(candidate, typeof text === "string" ? text : text());
      if (candidate === path) {
        io.stderr.write(`${label} written to ${path}\n`);
        return { path };
      }
      io.stderr.write(
        `wirewatch: ${label} could not be written to ${path} (${firstError}); saved to ${candidate}\n`,
      );
      return { path: candidate, fallback: { error: firstError, to: candidate } };
    } catch (err) {
      firstError ||= errno(err);
    }
  }
  io.stderr.write(`wirewatch: ${label} could not be written to ${path} (${firstError}); printed to stdout\n`);
  await writeChunks(io.stdout, typeof text === "string" ? [text] : text());
  return { path: null, fallback: { error: firstError, to: "stdout" } };
}
