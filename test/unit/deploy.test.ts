/**
 * The deployment examples in deploy/ agree with wirewatch: their configurations load through the config schema,
 * and what they mount, expose, probe and run matches the config, the Dockerfile (user, volume, command) and the
 * service's HTTP paths.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { loadConfig } from "../../src/config/load.ts";
import type { Config } from "../../src/config/schema.ts";
import { ROOT } from "../support/cli.ts";
import { parseDockerfile } from "../support/dockerfile.ts";

type Obj = Record<string, unknown>;
interface Container {
  name: string;
  image: string;
  args: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  ports?: Array<{ name: string; containerPort: number }>;
  startupProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
  volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface PodSpec {
  securityContext: { runAsNonRoot: boolean; runAsUser: number; runAsGroup: number };
  containers: Container[];
  volumes: Array<{ name: string; configMap?: { name: string }; emptyDir?: Obj; persistentVolumeClaim?: Obj }>;
}

const read = (p: string) => readFileSync(join(ROOT, p), "utf8");
const manifests = (file: string) =>
  parseAllDocuments(read(file)).map((d) => d.toJS() as Obj & { kind: string });
const one = (docs: Array<Obj & { kind: string }>, kind: string) => docs.find((d) => d.kind === kind)! as Obj;

const image = parseDockerfile(read("Dockerfile")).stages.at(-1)!;
const instruction = (k: string) => image.instructions.filter((i) => i.keyword === k).at(-1)!;
const VOLUME = (JSON.parse(instruction("VOLUME").args) as string[])[0]!;
const [UID, GID] = instruction("USER").args.split(":").map(Number);
const CMD = instruction("CMD").exec!;

/** A config as wirewatch loads it (the schema validates it, defaults fill the rest). */
function configFrom(text: string): Config {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-deploy-"));
  writeFileSync(join(dir, "wirewatch.yaml"), text);
  return loadConfig(join(dir, "wirewatch.yaml"));
}

/** The config file a pod's `--config` names, read from the ConfigMap mounted there. */
function podConfig(docs: Array<Obj & { kind: string }>, pod: PodSpec): Config {
  const c = pod.containers[0]!;
  const path = c.args[c.args.indexOf("--config") + 1]!;
  const mount = c.volumeMounts.find((m) => path.startsWith(`${m.mountPath}/`))!;
  const volume = pod.volumes.find((v) => v.name === mount.name)!;
  const map = docs.find(
    (d) => d.kind === "ConfigMap" && (d.metadata as Obj).name === volume.configMap!.name,
  )!;
  return configFrom((map.data as Record<string, string>)[path.slice(mount.mountPath.length + 1)]!);
}

function expectImageRules(pod: PodSpec) {
  const c = pod.containers[0]!;
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: UID, runAsGroup: GID });
  expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  // The image's volume is mounted, and /tmp is writable on a read-only root.
  const mounts = Object.fromEntries(c.volumeMounts.map((m) => [m.mountPath, m.name]));
  expect(mounts[VOLUME]).toBeDefined();
  expect(pod.volumes.find((v) => v.name === mounts["/tmp"])?.emptyDir).toEqual({});
}

const secretEnv = (c: Container) => (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);

describe("deploy/kubernetes", () => {
  it("serve.yaml runs the image's command with probes on /healthz and /readyz and the metrics port the config sets", () => {
    const docs = manifests("deploy/kubernetes/serve.yaml");
    const deployment = one(docs, "Deployment") as {
      spec: { replicas: number; strategy: Obj; template: { spec: PodSpec } };
    };
    const pod = deployment.spec.template.spec;
    const c = pod.containers[0]!;
    const config = podConfig(docs, pod);
    expect(c.args[0]).toBe(CMD[0]);
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
    expect(c.ports).toEqual([{ name: "metrics", containerPort: config.service.http.port }]);
    expect(c.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    expect(c.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "metrics" });
    expect(c.startupProbe?.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    expect(config.service.http.host).toBe("0.0.0.0");
    // The embedded store lives on the persistent volume, where the image's WIREWATCH_DATA_DIR points.
    expect(
      pod.volumes.find((v) => v.name === c.volumeMounts.find((m) => m.mountPath === VOLUME)!.name)
        ?.persistentVolumeClaim,
    ).toBeDefined();
    expect(config.state.url).toBeUndefined();
    expect(secretEnv(c)).toEqual([config.roles.audit.externalIdEnv]);
    expectImageRules(pod);
    const service = one(docs, "Service") as {
      spec: { ports: Array<{ name: string; port: number; targetPort: string }> };
    };
    expect(service.spec.ports).toEqual([
      { name: "metrics", port: config.service.http.port, targetPort: "metrics" },
    ]);
    const monitor = manifests("deploy/kubernetes/servicemonitor.yaml")[0]! as unknown as {
      spec: { endpoints: Obj[] };
    };
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: "metrics", path: "/metrics" })]);
  });

  it("scan-cronjob.yaml scans against PostgreSQL, one run at a time", () => {
    const docs = manifests("deploy/kubernetes/scan-cronjob.yaml");
    const cron = one(docs, "CronJob") as {
      spec: {
        concurrencyPolicy: string;
        jobTemplate: { spec: { template: { spec: PodSpec & { restartPolicy: string } } } };
      };
    };
    expect(cron.spec.concurrencyPolicy).toBe("Forbid");
    const pod = cron.spec.jobTemplate.spec.template.spec;
    const c = pod.containers[0]!;
    const config = podConfig(docs, pod);
    expect(c.args[0]).toBe("scan");
    expect(config.state.url).toMatch(/^postgres:\/\//);
    expect(secretEnv(c).sort()).toEqual([config.roles.audit.externalIdEnv, config.state.passwordEnv].sort());
    expect(c.args[c.args.indexOf("--output") + 1]!.startsWith(`${VOLUME}/`)).toBe(true);
    expect(pod.restartPolicy).toBe("Never");
    expectImageRules(pod);
  });
});

interface TaskDefinition {
  family: string;
  requiresCompatibilities: string[];
  taskRoleArn: string;
  containerDefinitions: Array<{
    command: string[];
    user: string;
    readonlyRootFilesystem: boolean;
    linuxParameters: { initProcessEnabled: boolean };
    portMappings?: Array<{ containerPort: number }>;
    healthCheck?: { command: string[] };
    secrets: Array<{ name: string }>;
    mountPoints: Array<{ sourceVolume: string; containerPath: string }>;
  }>;
}

describe("deploy/ecs", () => {
  const config = configFrom(read("deploy/ecs/wirewatch.yaml"));
  const task = (f: string) => JSON.parse(read(`deploy/ecs/${f}`)) as TaskDefinition;
  // The derived image puts the config where the tasks' --config looks.
  const derived = parseDockerfile(read("deploy/ecs/Dockerfile"))
    .stages.at(-1)!
    .instructions.find((i) => i.keyword === "COPY")!;

  it.each([
    ["task-definition.json", "serve"],
    ["scan-task-definition.json", "scan"],
  ])(
    "%s runs `wirewatch %s` on Fargate as the image's user, with its volume, init and the config's secrets",
    (file, command) => {
      const t = task(file);
      const c = t.containerDefinitions[0]!;
      expect(t.requiresCompatibilities).toEqual(["FARGATE"]);
      expect(t.taskRoleArn).toMatch(/:role\/WirewatchHub$/);
      expect(c.command[0]).toBe(command);
      expect(c.command[c.command.indexOf("--config") + 1]).toBe(derived.words.at(-1));
      expect(c).toMatchObject({
        user: `${UID}:${GID}`,
        readonlyRootFilesystem: true,
        linuxParameters: { initProcessEnabled: true },
      });
      expect(c.mountPoints.map((m) => m.containerPath).sort()).toEqual([VOLUME, "/tmp"].sort());
      expect(c.secrets.map((s) => s.name).sort()).toEqual(
        [config.roles.audit.externalIdEnv, config.state.passwordEnv].sort(),
      );
    },
  );

  it("serves metrics and health on the config's port, and schedules the scan task", () => {
    const c = task("task-definition.json").containerDefinitions[0]!;
    expect(c.portMappings?.map((p) => p.containerPort)).toEqual([config.service.http.port]);
    expect(c.healthCheck?.command.slice(0, 3)).toEqual(["CMD", "node", "-e"]);
    expect(c.healthCheck?.command[3]).toContain(`:${config.service.http.port}/healthz`);
    // Two schedulers may overlap (EventBridge Scheduler starts a task each time): the shared PostgreSQL store's
    // run lock is what keeps them apart.
    expect(config.state.url).toMatch(/^postgres:\/\//);
    const schedule = JSON.parse(read("deploy/ecs/schedule.json")) as {
      Target: { EcsParameters: { TaskDefinitionArn: string; LaunchType: string } };
    };
    expect(schedule.Target.EcsParameters.TaskDefinitionArn).toMatch(
      new RegExp(`:task-definition/${task("scan-task-definition.json").family}$`),
    );
    expect(schedule.Target.EcsParameters.LaunchType).toBe("FARGATE");
    const service = JSON.parse(read("deploy/ecs/service.json")) as {
      taskDefinition: string;
      desiredCount: number;
    };
    expect(service).toMatchObject({ taskDefinition: task("task-definition.json").family, desiredCount: 1 });
  });

  it("the image's health check probes the default service port", () => {
    expect(instruction("HEALTHCHECK").args).toContain(`:${loadConfig().service.http.port}/healthz`);
  });
});
