/**
 * The container image without a Docker engine: the Dockerfile is parsed and its steps are replayed into a temporary
 * root, so the test follows the file rather than repeating it. The production-dependency stage's `npm ci` runs
 * as written (from the local npm cache); the build stage's output is the repository's own dist/, built by the same
 * `npm run build` (the e2e global setup requires it); the image stage's COPY, ENV, WORKDIR and RUN steps are done
 * with every absolute path under the temporary root. Then the image's ENTRYPOINT runs from there, as the image's
 * non-root USER when the machine allows (the test runs as root): `--version`, `demo`, and `serve` with its health
 * (through the image's HEALTHCHECK command too) and metrics answering.
 */
import { spawn } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ROOT } from "../support/cli.ts";
import {
  envOf,
  parseDockerfile,
  type Dockerfile,
  type Instruction,
  type Stage,
} from "../support/dockerfile.ts";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const dockerfile: Dockerfile = parseDockerfile(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const image = dockerfile.stages.at(-1)!;
const stage = (name: string) => dockerfile.stages.find((s) => s.name === name);
const last = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword).at(-1);

interface Replayed {
  root: string;
  cwd: string;
  env: Record<string, string>;
  user?: { uid: number; gid: number };
}

function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; uid?: number; gid?: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Absolute paths in a shell command or an ENV value, moved under the temporary root. */
const rooted = (root: string, text: string) => text.replace(/(^|[\s=:])(\/[\w.@/-]*)/g, `$1${root}$2`);

/**
 * Replays one stage into `root`: `source(stage, path)` is where `COPY --from=<stage> <path>` reads on this machine
 * (no --from: the build context, the repository), and `runStep` replays each RUN.
 */
async function replay(
  s: Stage,
  root: string,
  source: (stage: string | undefined, path: string) => string,
  runStep: (ins: Instruction, cwd: string) => Promise<void>,
): Promise<Replayed> {
  let cwd = root;
  const env: Record<string, string> = {};
  let user: Replayed["user"];
  for (const ins of s.instructions) {
    switch (ins.keyword) {
      case "ENV":
        for (const [k, v] of Object.entries(envOf(ins))) env[k] = rooted(root, v);
        break;
      case "WORKDIR":
        cwd = isAbsolute(ins.args) ? join(root, ins.args) : join(cwd, ins.args);
        mkdirSync(cwd, { recursive: true });
        break;
      case "COPY": {
        const sources = ins.words.slice(0, -1);
        const dest = ins.words.at(-1)!;
        const target = isAbsolute(dest) ? join(root, dest) : join(cwd, dest);
        for (const src of sources) {
          const into =
            sources.length > 1 || dest.endsWith("/") ? join(target, src.split("/").at(-1)!) : target;
          mkdirSync(dirname(into), { recursive: true });
          cpSync(source(ins.flags.from, src), into, { recursive: true });
        }
        break;
      }
      case "RUN":
        await runStep(ins, cwd);
        break;
      case "USER": {
        const [uid, gid] = ins.args.split(":").map(Number);
        user = { uid: uid!, gid: gid ?? uid! };
        break;
      }
      default:
        // VOLUME, EXPOSE, HEALTHCHECK, ENTRYPOINT, CMD: metadata, read by the assertions.
        break;
    }
  }
  return { root, cwd, env, ...(user ? { user } : {}) };
}

const SYSTEM_PATH = `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;
let img: Replayed;

beforeAll(async () => {
  const tmp = mkdtempSync(join(tmpdir(), "wirewatch-image-"));
  chmodSync(tmp, 0o755);
  // The build stage installs everything and compiles the sources it copies: the repository as the e2e global
  // setup leaves it, with /app the repository.
  expect(
    stage("build")!
      .instructions.filter((i) => i.keyword === "RUN")
      .map((i) => i.words.slice(0, 2).join(" ")),
  ).toEqual(["npm ci", "npm run"]);
  expect(last(stage("build")!, "RUN")?.args).toBe("npm run build");
  const roots: Record<string, string> = {};
  const source = (from: string | undefined, path: string) => {
    if (from === undefined) return join(ROOT, path);
    if (from === "build") return join(ROOT, path.replace(/^\/app\/?/, ""));
    return join(roots[from]!, path);
  };
  // Every other stage before the image is replayed; it may only install, with npm ci (from the local cache).
  for (const s of dockerfile.stages.slice(0, -1).filter((x) => x.name !== "build")) {
    const root = join(tmp, s.name ?? "stage");
    mkdirSync(root, { mode: 0o755 });
    await replay(s, root, source, async (ins, cwd) => {
      expect(ins.words.slice(0, 2)).toEqual(["npm", "ci"]);
      const r = await run("npm", [...ins.words.slice(1), "--prefer-offline"], {
        cwd,
        env: { ...(process.env as Record<string, string>) },
      });
      expect(r.code, r.stderr).toBe(0);
    });
    roots[s.name!] = root;
  }
  const root = join(tmp, "image");
  // What the base image already has: /usr/local/bin on PATH, the node user's home, a writable /tmp.
  for (const d of ["usr/local/bin", "home/node"]) mkdirSync(join(root, d), { recursive: true, mode: 0o755 });
  img = await replay(image, root, source, async (ins, cwd) => {
    const r = await run("sh", ["-c", rooted(root, ins.args)], { cwd, env: { PATH: SYSTEM_PATH } });
    expect(r.code, r.stderr).toBe(0);
  });
}, 300_000);

/** The environment of a process in the image: its ENV, PATH with the image's /usr/local/bin, the user's home. */
const imageEnv = (): Record<string, string> => ({
  ...img.env,
  PATH: `${join(img.root, "usr/local/bin")}:${SYSTEM_PATH}`,
  HOME: join(img.root, "home/node"),
});

/** Runs the image's ENTRYPOINT with `args`, as its USER when this process may switch to it. */
function runImage(args: string[], extraEnv: Record<string, string> = {}) {
  const entrypoint = last(image, "ENTRYPOINT")!.exec!;
  const asUser = img.user && process.getuid?.() === 0 ? img.user : undefined;
  return run(entrypoint[0]!, [...entrypoint.slice(1), ...args], {
    cwd: img.cwd,
    env: { ...imageEnv(), ...extraEnv },
    ...(asUser ?? {}),
  });
}

describe("the container image", () => {
  it("is built on a pinned Node.js LTS slim image and runs wirewatch serve as a non-root user", () => {
    for (const s of dockerfile.stages)
      expect(s.from).toMatch(/^node:(\d+)\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/);
    // LTS lines are the even majors.
    expect(Number(/^node:(\d+)/.exec(image.from)![1]) % 2).toBe(0);
    expect(last(image, "ENTRYPOINT")?.exec).toEqual(["wirewatch"]);
    expect(last(image, "CMD")?.exec).toEqual(["serve"]);
    const user = last(image, "USER")!.args;
    expect(user).toMatch(/^\d+:\d+$/);
    expect(user.startsWith("0:")).toBe(false);
    const healthcheck = last(image, "HEALTHCHECK")!;
    expect(healthcheck.words[0]).toBe("CMD");
    expect(JSON.parse(healthcheck.args.slice(healthcheck.args.indexOf("["))) as string[]).toEqual([
      "node",
      "-e",
      expect.stringContaining("/healthz") as unknown as string,
    ]);
    const volume = JSON.parse(last(image, "VOLUME")!.args) as string[];
    expect(volume).toEqual(["/var/lib/wirewatch"]);
    const env = Object.assign(
      {},
      ...image.instructions.filter((i) => i.keyword === "ENV").map(envOf),
    ) as Record<string, string>;
    expect(env.WIREWATCH_DATA_DIR).toBe("/var/lib/wirewatch");
    expect(last(image, "WORKDIR")?.args).toBe("/var/lib/wirewatch");
    const ignored = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const p of [".git", "node_modules", "dist", "test"]) expect(ignored).toContain(p);
  });

  it("holds production dependencies only, and the build output as the package ships it", () => {
    const app = join(img.root, "app");
    const modules = readdirSync(join(app, "node_modules"));
    expect(modules).toEqual(expect.arrayContaining(["pino", "yaml", "zod", "@electric-sql", "@aws-sdk"]));
    for (const dev of ["typescript", "vitest", "tsx", "eslint", "prettier"])
      expect(modules).not.toContain(dev);
    expect(readdirSync(app).sort()).toEqual(
      ["CHANGELOG.md", "bin", "config", "dist", "node_modules", "package.json", "sim", "src"].sort(),
    );
    expect(existsSync(join(app, "dist/src/cli/main.js"))).toBe(true);
    expect(existsSync(join(app, "dist/.tsbuildinfo"))).toBe(false);
    expect(readdirSync(join(app, "src"))).toEqual(["store"]);
    expect(readdirSync(join(app, "sim"))).toEqual(["scenarios"]);
  });

  it("leaves the image's user nowhere to write but its volume", () => {
    const volume = join(img.root, (JSON.parse(last(image, "VOLUME")!.args) as string[])[0]!);
    expect(statSync(volume).uid).toBe(img.user!.uid);
    const writable: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const p = join(dir, e.name);
        if (p === volume) continue;
        const st = statSync(p);
        if (st.uid === img.user!.uid || (st.mode & 0o002) !== 0) writable.push(p);
        walk(p);
      }
    };
    walk(img.root);
    expect(writable).toEqual([]);
  });

  it("runs `wirewatch --version` and `wirewatch demo` from the image, writing only to its volume and /tmp", async () => {
    const version = await runImage(["--version"]);
    expect([version.code, version.stdout.trim()]).toEqual([0, VERSION]);
    const scratch = mkdtempSync(join(tmpdir(), "wirewatch-image-tmp-"));
    chmodSync(scratch, 0o1777);
    const demo = await runImage(["demo"], { TMPDIR: scratch });
    expect(demo.code, demo.stderr).toBe(0);
    for (const id of ["111111111111", "222222222222", "333333333333", "444444444444"])
      expect(demo.stdout).toContain(id);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("runs `wirewatch serve` from the image: health (the image's HEALTHCHECK command too) and metrics answer, SIGTERM exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wirewatch-image-serve-"));
    chmodSync(dir, 0o755);
    const config = join(dir, "wirewatch.yaml");
    // Port 0: the service takes a free one and logs it; no scan runs before the test stops it, so no AWS is needed.
    writeFileSync(
      config,
      stringify({
        service: { schedule: "0 0 1 1 *", runOnStart: false, http: { host: "127.0.0.1", port: 0 } },
      }),
    );
    const entrypoint = last(image, "ENTRYPOINT")!.exec!;
    const asUser = img.user && process.getuid?.() === 0 ? img.user : undefined;
    const child = spawn(
      entrypoint[0]!,
      [...entrypoint.slice(1), ...last(image, "CMD")!.exec!, "--config", config],
      {
        cwd: img.cwd,
        env: { ...imageEnv(), WIREWATCH_LOG_LEVEL: "info", WIREWATCH_LOG_FORMAT: "json" },
        stdio: ["ignore", "ignore", "pipe"],
        ...(asUser ?? {}),
      },
    );
    const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    let stderr = "";
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        for (const line of stderr.split("\n")) {
          if (!line.includes('"service listening"')) continue;
          resolve((JSON.parse(line) as { port: number }).port);
        }
      });
      void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      // The image's own HEALTHCHECK, pointed at this port.
      const check = last(image, "HEALTHCHECK")!;
      const command = JSON.parse(check.args.slice(check.args.indexOf("["))) as string[];
      const probe = await run(command[0]!, command.slice(1), {
        cwd: img.cwd,
        env: { ...imageEnv(), WIREWATCH_HEALTH_URL: `http://127.0.0.1:${port}/healthz` },
      });
      expect(probe.code).toBe(0);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/^wirewatch_scans_total/m);
      expect(metrics).toMatch(/^process_cpu_user_seconds_total/m);
      // Not ready: no scan has completed.
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited, stderr).toBe(0);
  });
});
