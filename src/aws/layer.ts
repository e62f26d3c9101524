/**
 * The shared AWS layer: the only place wirewatch creates SDK clients. Every call, from every client, passes
 * through two middlewares: one per logical call (counts calls and final errors) and one per HTTP attempt
 * (paces to the published per-account, per-region, per-API rate, holds a slot of the global in-flight cap,
 * counts throttles and retries). The SDK retries with backoff (src/aws/retry.ts).
 *
 * One client per service and region serves every account: an account's calls carry its credentials through an
 * AsyncLocalStorage context set around each `send`, and the client's credential provider reads them from there for
 * every request. Building a client costs milliseconds of CPU, and an account used to need one per service and
 * region (about 40); a thousand accounts now share about 85 clients.
 */
import { AccountClient } from "@aws-sdk/client-account";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { isThrottlingError } from "@smithy/service-error-classification";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from "@smithy/types";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { AsyncLocalStorage } from "node:async_hooks";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import pLimit, { type LimitFunction } from "p-limit";
import { bucketFor, PACING_MARGIN } from "./limits.ts";
import { Pacer } from "./pacer.ts";
import { PerCallRetryStrategy } from "./retry.ts";
import { parseArn, partitionOf, roleArn } from "../inventory/arn.ts";
import { CredentialsError } from "../errors.ts";

export interface ApiCounters {
  calls: number;
  throttles: number;
  retries: number;
  errors: number;
}

export interface AwsLayerOptions {
  /** Endpoint override (simulator, LocalStack); otherwise the SDK honours AWS_ENDPOINT_URL itself. */
  endpoint?: string;
  maxAttempts: number;
  maxCallsInFlight: number;
  homeRegion: string;
  /** The hub identity; the default credential chain when omitted. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Published-rate pacing; tests may switch it off. */
  pacing?: boolean;
}

export interface RoleSpec {
  name: string;
  sessionName: string;
  durationSeconds: number;
  externalId?: string;
}

const CLIENTS = {
  account: AccountClient,
  cloudtrail: CloudTrailClient,
  events: EventBridgeClient,
  logs: CloudWatchLogsClient,
  monitoring: CloudWatchClient,
  organizations: OrganizationsClient,
  securityhub: SecurityHubClient,
  sns: SNSClient,
  sts: STSClient,
} as const;

type ServiceName = keyof typeof CLIENTS;
type ClientOf<S extends ServiceName> = InstanceType<(typeof CLIENTS)[S]>;

/** Whose call this is: the account (for pacing and counters) and the credentials to sign it with. */
interface CallContext {
  accountId: string;
  credentials: AwsCredentialIdentityProvider;
}

const callContext = new AsyncLocalStorage<CallContext>();

/**
 * The shared clients' credential provider: the credentials of the account whose `send` this request belongs to.
 * `memoized` tells the SDK not to cache it, so every request asks (each account's own provider caches and
 * refreshes its session: shareCredentials).
 */
const contextualCredentials: AwsCredentialIdentityProvider = Object.assign(
  async (props?: Parameters<AwsCredentialIdentityProvider>[0]) => {
    const ctx = callContext.getStore();
    // Never a default identity: a call without an account context is a bug, not a call as someone else.
    if (!ctx) throw new Error("wirewatch: an AWS call was made outside any account's context");
    return ctx.credentials(props);
  },
  { memoized: true },
);

/** Clients for one account (one identity): views of the layer's shared clients that send as this account. */
export class AccountClients {
  private readonly cache = new Map<string, unknown>();
  private readonly context: CallContext;

  constructor(
    private readonly layer: AwsLayer,
    readonly accountId: string,
    readonly credentials: AwsCredentialIdentityProvider,
  ) {
    this.context = { accountId, credentials };
  }

  get<S extends ServiceName>(service: S, region: string): ClientOf<S> {
    const key = `${service}|${region}`;
    let view = this.cache.get(key) as ClientOf<S> | undefined;
    if (!view) {
      const shared = this.layer.sharedClient(service, region);
      // The view is the shared client (its prototype, so paginators' instanceof checks hold) with its own send.
      const send = (...args: unknown[]) =>
        callContext.run(this.context, () =>
          (shared.send as (...a: unknown[]) => unknown).apply(shared, args),
        );
      view = Object.create(shared, { send: { value: send } }) as ClientOf<S>;
      this.cache.set(key, view);
    }
    return view;
  }

  cloudtrail = (region: string) => this.get("cloudtrail", region);
  events = (region: string) => this.get("events", region);
  logs = (region: string) => this.get("logs", region);
  cloudwatch = (region: string) => this.get("monitoring", region);
  sns = (region: string) => this.get("sns", region);
  account = () => this.get("account", this.layer.options.homeRegion);

  /** Releases the views and pacing state once the account is done (the shared clients stay with the layer). */
  close(): void {
    this.cache.clear();
    this.layer.pacer.forget(`${this.accountId}|`);
  }
}

export class AwsLayer {
  readonly stats = new Map<string, ApiCounters>();
  readonly pacer = new Pacer(PACING_MARGIN);
  private readonly inFlight: LimitFunction;
  private readonly hubCredentials: AwsCredentialIdentityProvider;
  private hubClients?: AccountClients;
  private readonly shared = new Map<string, unknown>();
  private callerPartition?: Promise<string>;
  /** One keep-alive connection pool for every client. */
  private readonly requestHandler: NodeHttpHandler;

  constructor(readonly options: AwsLayerOptions) {
    this.inFlight = pLimit(options.maxCallsInFlight);
    const agent = { keepAlive: true, maxSockets: options.maxCallsInFlight };
    this.requestHandler = new NodeHttpHandler({
      httpAgent: new HttpAgent(agent),
      httpsAgent: new HttpsAgent(agent),
    });
    const creds = options.credentials;
    this.hubCredentials =
      creds === undefined ? fromNodeProviderChain() : typeof creds === "function" ? creds : async () => creds;
  }

  /** Clients acting as the hub identity (Organizations, STS). Account id is learned lazily; "hub" labels it. */
  hub(): AccountClients {
    this.hubClients ??= new AccountClients(this, "hub", this.hubCredentials);
    return this.hubClients;
  }

  /**
   * Resolves the hub identity's credentials once, before any call, so that a machine with none says so in one
   * message instead of every account failing its AssumeRole. The default chain's sources:
   * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html
   */
  async requireHubCredentials(): Promise<void> {
    try {
      await this.hubCredentials();
    } catch (err) {
      const { code, message } = errorCode(err);
      if (code !== "CredentialsProviderError") throw err;
      throw new CredentialsError(
        `no AWS credentials were found for the hub identity (${message}). Set AWS_PROFILE, or ` +
          `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a container or instance role is available.`,
      );
    }
  }

  /**
   * The partition of the caller identity (the hub's GetCallerIdentity ARN: aws, aws-us-gov or aws-cn), asked once.
   * Every ARN wirewatch builds for a role is in it. When the call fails (the credentials themselves are refused)
   * the partition of aws.homeRegion stands in, and the AssumeRole that follows reports what is wrong.
   */
  partition(): Promise<string> {
    this.callerPartition ??= this.hub()
      .get("sts", this.options.homeRegion)
      .send(new GetCallerIdentityCommand({}))
      .then((out) => parseArn(out.Arn ?? "")?.partition ?? partitionOf(this.options.homeRegion))
      .catch(() => partitionOf(this.options.homeRegion));
    return this.callerPartition;
  }

  /** A role's ARN in an account, in the caller identity's partition (the name may carry a path). */
  async roleArn(accountId: string, name: string): Promise<string> {
    return roleArn(await this.partition(), accountId, name);
  }

  /** Clients for a role in another account; credentials are cached and refreshed before they expire. */
  assume(accountId: string, role: RoleSpec): AccountClients {
    let provider: AwsCredentialIdentityProvider | undefined;
    // The role ARN needs the caller's partition, learned with the first credentials asked for.
    const assumed: AwsCredentialIdentityProvider = async (props) => {
      provider ??= fromTemporaryCredentials({
        masterCredentials: this.hubCredentials,
        params: {
          RoleArn: await this.roleArn(accountId, role.name),
          RoleSessionName: role.sessionName,
          DurationSeconds: role.durationSeconds,
          ...(role.externalId ? { ExternalId: role.externalId } : {}),
        },
        clientConfig: {
          region: this.options.homeRegion,
          maxAttempts: this.options.maxAttempts,
          requestHandler: this.requestHandler,
          ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        },
        clientPlugins: [this.plugin("hub", this.options.homeRegion, "sts")],
      });
      return provider(props);
    };
    return new AccountClients(this, accountId, shareCredentials(assumed));
  }

  /** How many SDK clients the layer has made: one per service and region used, whatever the number of accounts. */
  get clientCount(): number {
    return this.shared.size;
  }

  /** The one client of a service and region, made on first use; every account sends through it. */
  sharedClient<S extends ServiceName>(service: S, region: string): ClientOf<S> {
    const key = `${service}|${region}`;
    let client = this.shared.get(key) as ClientOf<S> | undefined;
    if (!client) {
      const Ctor = CLIENTS[service] as unknown as new (config: object) => ClientOf<S>;
      client = new Ctor({
        region,
        credentials: contextualCredentials,
        maxAttempts: this.options.maxAttempts,
        retryStrategy: new PerCallRetryStrategy(this.options.maxAttempts),
        requestHandler: this.requestHandler,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      });
      (
        client as unknown as { middlewareStack: { use(p: Pluggable<object, object>): void } }
      ).middlewareStack.use(this.plugin(undefined, region, service));
      this.shared.set(key, client);
    }
    return client;
  }

  private counters(key: string): ApiCounters {
    let c = this.stats.get(key);
    if (!c) {
      c = { calls: 0, throttles: 0, retries: 0, errors: 0 };
      this.stats.set(key, c);
    }
    return c;
  }

  /** Counting and pacing middleware; `accountId` undefined: the account of the call's context (shared clients). */
  private plugin(
    fixedAccountId: string | undefined,
    region: string,
    service: string,
  ): Pluggable<object, object> {
    const pacing = this.options.pacing !== false;
    return {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args) => {
            const op = String((context as { commandName?: string }).commandName ?? "Unknown").replace(
              /Command$/,
              "",
            );
            const counters = this.counters(`${service}:${op}`);
            counters.calls += 1;
            try {
              return await next(args);
            } catch (err) {
              counters.errors += 1;
              throw err;
            }
          },
          { step: "initialize", name: "wirewatchCallCounter", priority: "high", override: true },
        );
        stack.add(
          (next, context) => async (args) => {
            const op = String((context as { commandName?: string }).commandName ?? "Unknown").replace(
              /Command$/,
              "",
            );
            const counters = this.counters(`${service}:${op}`);
            const attempts = ((context as { __wwAttempts?: number }).__wwAttempts ?? 0) + 1;
            (context as { __wwAttempts?: number }).__wwAttempts = attempts;
            if (attempts > 1) counters.retries += 1;
            const bucket = bucketFor(service, op);
            const accountId = fixedAccountId ?? callContext.getStore()?.accountId ?? "unknown";
            const key = `${accountId}|${region}|${bucket.key}`;
            // The pacing wait comes before the in-flight slot: a request waiting its turn on one account's
            // bucket must not hold a slot another account's request could use now.
            if (pacing) await this.pacer.acquire(key, bucket.tps);
            return this.inFlight(async () => {
              try {
                const out = await next(args);
                this.pacer.succeeded(key);
                return out;
              } catch (err) {
                if (isThrottlingError(err as Parameters<typeof isThrottlingError>[0])) {
                  counters.throttles += 1;
                  this.pacer.throttled(key);
                }
                throw err;
              }
            });
          },
          { step: "finalizeRequest", name: "wirewatchAttemptPacer", priority: "low", override: true },
        );
      },
    };
  }

  /** Closes the connection pool every client sends through; the layer cannot be used afterwards. */
  close(): void {
    this.shared.clear();
    this.requestHandler.destroy();
  }

  /** `service:Operation` counters, sorted, for the report. */
  apiStats(): Record<string, ApiCounters> {
    return Object.fromEntries([...this.stats].sort(([a], [b]) => a.localeCompare(b)));
  }

  totals(): ApiCounters {
    const t = { calls: 0, throttles: 0, retries: 0, errors: 0 };
    for (const c of this.stats.values()) {
      t.calls += c.calls;
      t.throttles += c.throttles;
      t.retries += c.retries;
      t.errors += c.errors;
    }
    return t;
  }
}

/** The AWS error code of a failure (SDK errors carry it as `name`), for inventories and findings. */
export function errorCode(err: unknown): { code: string; message: string } {
  if (err instanceof Error) return { code: err.name || "Error", message: err.message };
  return { code: "Error", message: String(err) };
}

/** Refresh this long before a session expires, so no call is signed with credentials about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * One AssumeRole per account for all its calls, whatever client sends them: the shared clients ask for credentials
 * on every request. Refreshed before expiry, so a scan longer than a session keeps working.
 */
export function shareCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: Promise<{ creds: AwsCredentialIdentity; fetchedAt: number }> | undefined;
  const fresh = (c: { creds: AwsCredentialIdentity; fetchedAt: number }) => {
    const expires = c.creds.expiration?.getTime();
    if (expires === undefined) return true;
    // Short sessions (tests with a time scale) refresh at three quarters of their life.
    const margin = Math.min(REFRESH_MARGIN_MS, (expires - c.fetchedAt) / 4);
    return expires - Date.now() > margin;
  };
  return async () => {
    const cached = current ? await current.catch(() => undefined) : undefined;
    if (cached && fresh(cached)) return cached.creds;
    const fetchedAt = Date.now();
    current = provider().then((creds) => ({ creds, fetchedAt }));
    return (await current).creds;
  };
}

/** The layer a command runs with, from the `aws` section of the configuration. */
export function layerFromConfig(
  aws: { endpoint?: string; maxAttempts: number; maxCallsInFlight: number; homeRegion: string },
  credentials?: AwsCredentialIdentity,
): AwsLayer {
  return new AwsLayer({
    endpoint: aws.endpoint,
    maxAttempts: aws.maxAttempts,
    maxCallsInFlight: aws.maxCallsInFlight,
    homeRegion: aws.homeRegion,
    ...(credentials ? { credentials } : {}),
  });
}

/**
 * The endpoint named by a command's environment, as the SDKs read it (AWS_ENDPOINT_URL, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true): https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 * With a service-specific AWS_ENDPOINT_URL_<SERVICE> present the SDK resolves every endpoint itself.
 */
export function endpointFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") return undefined;
  if (Object.keys(env).some((k) => k.startsWith("AWS_ENDPOINT_URL_"))) return undefined;
  return env.AWS_ENDPOINT_URL || undefined;
}

/**
 * Static credentials from a command's environment, the first source of the SDK's default chain:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-static-credentials.html
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): AwsCredentialIdentity | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/**
 * The layer a CLI command runs with. Endpoint and static credentials come from the command's own environment
 * (io.env), so a command run in-process (a test's) talks to the endpoint it was given, not the process's; the
 * config's `aws.endpoint` still wins, and without static credentials the SDK's default chain applies.
 */
export function layerForCommand(
  aws: { endpoint?: string; maxAttempts: number; maxCallsInFlight: number; homeRegion: string },
  env: NodeJS.ProcessEnv,
): AwsLayer {
  return layerFromConfig({ ...aws, endpoint: aws.endpoint ?? endpointFromEnv(env) }, credentialsFromEnv(env));
}
