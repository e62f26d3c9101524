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
import { runIdOf } from "../../src/cli/scan-command.ts";
import { parseShard } from "../../src/scan/shard.ts";

type Obj = Record<string, unknown>;
interface Container {
  name: string;
  image: string;
  args: string[];
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
  }>;
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

/** A container's or command's flag value. */
const flag = (args: string[], name: string) => args[args.indexOf(name) + 1]!;

describe("deploy: sharded scans (docs/sharding.md)", () => {
  it("sharded-scan.yaml is an Indexed Job of one shard per completion index against PostgreSQL, merged by sharded-merge.yaml", () => {
    const docs = manifests("deploy/kubernetes/sharded-scan.yaml");
    const job = one(docs, "Job") as {
      spec: {
        completionMode: string;
        completions: number;
        parallelism: number;
        template: { spec: PodSpec & { restartPolicy: string } };
      };
    };
    expect(job.spec.completionMode).toBe("Indexed");
    const pod = job.spec.template.spec;
    const c = pod.containers[0]!;
    const config = podConfig(docs, pod);
    expect(c.args[0]).toBe("scan");
    // The index the Job controller sets, as wirewatch reads it: every index is a shard, and there are no others.
    const spec = flag(c.args, "--shard");
    for (let i = 0; i < job.spec.completions; i++) {
      expect(parseShard(spec, { JOB_COMPLETION_INDEX: String(i) })).toEqual({
        index: i,
        count: job.spec.completions,
      });
    }
    expect(job.spec.parallelism).toBe(job.spec.completions);
    expect(runIdOf(undefined, { WIREWATCH_RUN_ID: "3f1c8a2e-0000-4000-8000-000000000000" })).toBeTruthy();
    expect(c.env?.find((e) => e.name === "WIREWATCH_RUN_ID")).toMatchObject({
      valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" } },
    });
    expect(config.state.url).toMatch(/^postgres:\/\//);
    expect(secretEnv(c).sort()).toEqual([config.roles.audit.externalIdEnv, config.state.passwordEnv].sort());
    expect(pod.restartPolicy).toBe("Never");
    expectImageRules(pod);
    // The shards' reports are on a volume every node mounts, which the merge reads.
    const shardsDir = flag(c.args, "--output");
    expect(shardsDir.startsWith(`${VOLUME}/`)).toBe(true);
    const claim = (p: PodSpec) =>
      (
        p.volumes.find(
          (v) => v.name === p.containers[0]!.volumeMounts.find((m) => m.mountPath === VOLUME)!.name,
        )!.persistentVolumeClaim as { claimName: string }
      ).claimName;
    const pvc = one(docs, "PersistentVolumeClaim") as {
      metadata: { name: string };
      spec: { accessModes: string[] };
    };
    expect(pvc.spec.accessModes).toEqual(["ReadWriteMany"]);
    expect(claim(pod)).toBe(pvc.metadata.name);

    const merge = one(manifests("deploy/kubernetes/sharded-merge.yaml"), "Job") as {
      spec: { template: { spec: PodSpec } };
    };
    const mergePod = merge.spec.template.spec;
    const m = mergePod.containers[0]!;
    expect(m.args.slice(0, 2)).toEqual(["merge", shardsDir]);
    expect(flag(m.args, "--config")).toBe(flag(c.args, "--config"));
    // The same configuration: merge refuses shards scanned with other settings.
    expect(mergePod.volumes.find((v) => v.configMap)?.configMap).toEqual(
      pod.volumes.find((v) => v.configMap)?.configMap,
    );
    expect(claim(mergePod)).toBe(pvc.metadata.name);
    expect(secretEnv(m).sort()).toEqual(secretEnv(c).sort());
    expectImageRules(mergePod);
  });

  it("deploy/aws-batch: an array job of one shard per index, and a merge job that depends on it, against PostgreSQL", () => {
    interface JobDefinition {
      platformCapabilities: string[];
      parameters?: Record<string, string>;
      containerProperties: {
        image: string;
        command: string[];
        jobRoleArn: string;
        user: string;
        readonlyRootFilesystem: boolean;
        secrets: Array<{ name: string }>;
        volumes: Array<{ name: string; efsVolumeConfiguration?: { fileSystemId: string } }>;
        mountPoints: Array<{ sourceVolume: string; containerPath: string }>;
      };
    }
    const batch = (f: string) => JSON.parse(read(`deploy/aws-batch/${f}`)) as Obj;
    const shardDef = batch("shard-job-definition.json") as unknown as JobDefinition;
    const mergeDef = batch("merge-job-definition.json") as unknown as JobDefinition;
    const submit = batch("submit-shards.json") as { arrayProperties: { size: number }; parameters: Obj };
    const config = configFrom(read("deploy/ecs/wirewatch.yaml"));
    const s = shardDef.containerProperties;
    const m = mergeDef.containerProperties;
    expect(s.command[0]).toBe("scan");
    const size = submit.arrayProperties.size;
    for (let i = 0; i < size; i++) {
      expect(parseShard(flag(s.command, "--shard"), { AWS_BATCH_JOB_ARRAY_INDEX: String(i) })).toEqual({
        index: i,
        count: size,
      });
    }
    // The run id is a job parameter every child of the array job shares.
    expect(flag(s.command, "--run")).toBe("Ref::run");
    expect(Object.keys(submit.parameters)).toEqual(["run"]);
    expect(Object.keys(shardDef.parameters ?? {})).toEqual(["run"]);
    expect(m.command.slice(0, 2)).toEqual(["merge", flag(s.command, "--output")]);
    for (const def of [shardDef, mergeDef]) {
      const p = def.containerProperties;
      expect(def.platformCapabilities).toEqual(["FARGATE"]);
      // The ECS example's derived image, whose baked-in config is this one.
      expect(p.image).toMatch(/\/wirewatch-ecs:/);
      expect(flag(p.command, "--config")).toBe(
        parseDockerfile(read("deploy/ecs/Dockerfile"))
          .stages.at(-1)!
          .instructions.find((i) => i.keyword === "COPY")!
          .words.at(-1),
      );
      expect(p.jobRoleArn).toMatch(/:role\/WirewatchHub$/);
      expect(p).toMatchObject({ user: `${UID}:${GID}`, readonlyRootFilesystem: true });
      expect(p.secrets.map((x) => x.name).sort()).toEqual(
        [config.roles.audit.externalIdEnv, config.state.passwordEnv].sort(),
      );
      const data = p.mountPoints.find((x) => x.containerPath === VOLUME)!;
      expect(p.volumes.find((v) => v.name === data.sourceVolume)?.efsVolumeConfiguration?.fileSystemId).toBe(
        s.volumes.find((v) => v.efsVolumeConfiguration)!.efsVolumeConfiguration!.fileSystemId,
      );
    }
    expect(flag(s.command, "--output").startsWith(`${VOLUME}/`)).toBe(true);
    expect(config.state.url).toMatch(/^postgres:\/\//);
    const submitMerge = batch("submit-merge.json") as { jobDefinition: string; dependsOn: Obj[] };
    expect(submitMerge.dependsOn).toHaveLength(1);
    expect(read("deploy/aws-batch/submit.sh")).toContain("--depends-on");
  });
});
