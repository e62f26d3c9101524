/**
 * The doctor's steps that need no AWS call: the state store opens (and migrates), and each notification channel
 * has what it needs to send. No channel is sent a test message: a real one would reach the people it pages.
 */
import { channelName, type Config } from "../config/schema.ts";
import { originOf } from "../notify/send.ts";
import { StateStore } from "../store/store.ts";
import type { Verdict } from "./probes.ts";

export async function probeStore(config: Config, env: NodeJS.ProcessEnv): Promise<Verdict> {
  if (!config.state.enabled) {
    return {
      step: "store",
      ok: true,
      detail: "the state store is off (state.enabled: false): no drift, history or notifications",
    };
  }
  try {
    const store = await StateStore.open(config.state, env);
    const where = store.where;
    await store.close();
    return { step: "store", ok: true, detail: `${where} opens, its schema up to date` };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      step: "store",
      ok: false,
      detail: message,
      fix: config.state.url
        ? "check state.url, the password variable named in state.passwordEnv and state.tls, and that the server accepts this host"
        : /in use by process/.test(message)
          ? "another wirewatch (a running serve) holds the embedded store; point doctor at a copy of the config with its own state.dir, or share a PostgreSQL store"
          : "make state.dir (or $WIREWATCH_DATA_DIR) a writable directory",
    };
  }
}

export function probeChannels(config: Config, env: NodeJS.ProcessEnv): Verdict[] {
  return config.notifications.channels.map((c): Verdict => {
    const step = `notify:${channelName(c)}`;
    if (c.type === "sns") {
      return {
        step,
        ok: true,
        detail: `publishes to ${c.topicArn} as the hub identity (not sent a test message)`,
        fix: undefined,
      };
    }
    const url = c.url ?? (c.urlEnv ? env[c.urlEnv] : undefined);
    if (!url) {
      return {
        step,
        ok: false,
        detail: `${c.urlEnv} is not set`,
        fix: `export ${c.urlEnv} with the ${c.type} URL`,
      };
    }
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      return {
        step,
        ok: false,
        detail: `${c.urlEnv ?? "url"} is not an http(s) URL`,
        fix: "give the full https:// URL",
      };
    }
    if (c.type === "webhook" && c.secretEnv && !env[c.secretEnv]) {
      return {
        step,
        ok: false,
        detail: `${c.secretEnv} (the signing secret) is not set: nothing would be sent unsigned`,
        fix: `export ${c.secretEnv} with the secret the receiver verifies`,
      };
    }
    return { step, ok: true, detail: `posts to ${originOf(url)} (not sent a test message)` };
  });
}
