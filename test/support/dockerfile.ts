/**
 * A Dockerfile read as data, so a test can follow it instead of repeating it: stages with their instructions, line
 * continuations joined, comments dropped, exec-form (JSON) arguments parsed
 * (https://docs.docker.com/reference/dockerfile/).
 */
export interface Instruction {
  keyword: string;
  /** The text after the keyword, continuations joined. */
  args: string;
  /** Exec-form arguments (`["a", "b"]`), when the instruction uses them. */
  exec?: string[];
  /** `--from=...`, `--interval=...` and the like, before the arguments. */
  flags: Record<string, string>;
  /** The arguments after the flags, split on white space (shell form). */
  words: string[];
}

export interface Stage {
  name: string | undefined;
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  args: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === "" || line.trim().startsWith("#"))) continue;
    if (pending && line.trim().startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
      continue;
    }
    logical.push((pending + line).trim());
    pending = "";
  }
  const out: Dockerfile = { args: {}, stages: [] };
  for (const l of logical) {
    const m = /^(\S+)\s*(.*)$/s.exec(l)!;
    const keyword = m[1]!.toUpperCase();
    let rest = m[2]!.trim();
    const flags: Record<string, string> = {};
    for (let f = /^--([a-z-]+)=(\S+)\s+/.exec(rest); f; f = /^--([a-z-]+)=(\S+)\s+/.exec(rest)) {
      flags[f[1]!] = f[2]!;
      rest = rest.slice(f[0].length);
    }
    let exec: string[] | undefined;
    if (rest.startsWith("[")) {
      try {
        exec = JSON.parse(rest) as string[];
      } catch {
        exec = undefined;
      }
    }
    const ins: Instruction = {
      keyword,
      args: rest,
      flags,
      words: rest.split(/\s+/).filter(Boolean),
      ...(exec ? { exec } : {}),
    };
    if (keyword === "ARG" && out.stages.length === 0) {
      const [name, value] = rest.split("=");
      out.args[name!] = value ?? "";
    } else if (keyword === "FROM") {
      const [image, as, name] = ins.words;
      out.stages.push({
        from: image!.replace(/\$\{(\w+)\}/g, (_x, n: string) => out.args[n] ?? ""),
        name: as?.toUpperCase() === "AS" ? name : undefined,
        instructions: [],
      });
    } else {
      out.stages.at(-1)?.instructions.push(ins);
    }
  }
  return out;
}

/** `ENV A=1 B=2` (the key=value form) as a map. */
export function envOf(ins: Instruction): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, "");
  return env;
}
