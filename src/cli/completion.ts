/**
 * `wirewatch completion bash|zsh|fish`: a shell completion script made from the commands and flags commander knows,
 * so it never drifts from the CLI. Check and remediation ids complete after `explain`; file and directory flags
 * complete paths; flags with a fixed set of values (--format of doctor, --fail-on) complete those values.
 */
import type { Command, Option } from "commander";
import { FAIL_ON, REPORT_FORMATS } from "../config/schema.ts";
import { UsageError } from "../errors.ts";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

interface FlagSpec {
  long: string;
  description: string;
  /** Values it takes: a fixed list, a path, a free value, or none (a switch). */
  value: { kind: "choices"; choices: string[] } | { kind: "path" } | { kind: "free" } | { kind: "none" };
}

interface CommandSpec {
  name: string;
  description: string;
  flags: FlagSpec[];
  /** Words its first argument may be (explain's ids). */
  arguments: string[];
}

/** Values wirewatch knows for flags whose help names a list rather than declaring choices. */
const KNOWN_VALUES: Record<string, string[]> = {
  "--fail-on": [...FAIL_ON],
  "--log-level": ["trace", "debug", "info", "warn", "error", "fatal", "silent"],
};

function flagOf(o: Option): FlagSpec | null {
  if (!o.long || o.hidden) return null;
  const takesValue = o.required || o.optional;
  const choices = o.argChoices ?? KNOWN_VALUES[o.long];
  const value: FlagSpec["value"] = !takesValue
    ? { kind: "none" }
    : choices
      ? { kind: "choices", choices }
      : o.long === "--format"
        ? { kind: "choices", choices: [...REPORT_FORMATS] }
        : /<(file|dir|path)>/.test(o.flags)
          ? { kind: "path" }
          : { kind: "free" };
  return { long: o.long, description: o.description, value };
}

export function specOf(program: Command, ids: string[]): { global: FlagSpec[]; commands: CommandSpec[] } {
  const help = { long: "--help", description: "show help", value: { kind: "none" as const } };
  return {
    global: [...program.options.flatMap((o) => flagOf(o) ?? []), help],
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      flags: [...c.options.flatMap((o) => flagOf(o) ?? []), help],
      arguments: c.name() === "explain" ? ids : [],
    })),
  };
}

/** Quotes a word for a single-quoted shell string. */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(spec: ReturnType<typeof specOf>): string {
  const lines = [
    "# wirewatch completion for bash: source it, or save it as",
    "# ~/.local/share/bash-completion/completions/wirewatch",
    "_wirewatch() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="" i',
    "  for ((i = 1; i < COMP_CWORD; i++)); do",
    '    case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
    "  done",
    '  local words=""',
    '  case "$cmd" in',
    `    "") words=${sq([...spec.commands.map((c) => c.name), ...spec.global.map((f) => f.long)].join(" "))} ;;`,
    ...spec.commands.map(
      (c) => `    ${c.name}) words=${sq([...c.flags.map((f) => f.long), ...c.arguments].join(" "))} ;;`,
    ),
    "  esac",
    '  case "$cmd $prev" in',
  ];
  for (const c of [{ name: "", flags: spec.global }, ...spec.commands]) {
    for (const f of c.flags) {
      const key = `${c.name} ${f.long}`;
      if (f.value.kind === "path")
        lines.push(`    ${sq(key)}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`);
      if (f.value.kind === "choices") {
        lines.push(
          `    ${sq(key)}) COMPREPLY=($(compgen -W ${sq(f.value.choices.join(" "))} -- "$cur")); return ;;`,
        );
      }
      if (f.value.kind === "free") lines.push(`    ${sq(key)}) COMPREPLY=(); return ;;`);
    }
  }
  lines.push(
    "  esac",
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    "}",
    "complete -F _wirewatch wirewatch",
    "",
  );
  return lines.join("\n");
}

function zsh(spec: ReturnType<typeof specOf>): string {
  // zsh runs bash completion functions through bashcompinit, which ships with zsh.
  return [
    "#compdef wirewatch",
    "# wirewatch completion for zsh: save it as _wirewatch in a directory of $fpath, or source it",
    "autoload -U +X bashcompinit && bashcompinit",
    bash(spec)
      .split("\n")
      .filter((l) => !l.startsWith("#"))
      .join("\n"),
  ].join("\n");
}

function fish(spec: ReturnType<typeof specOf>): string {
  const names = spec.commands.map((c) => c.name).join(" ");
  const desc = (s: string) => sq(s.replace(/\s+/g, " ").slice(0, 120));
  const lines = [
    "# wirewatch completion for fish: save it as ~/.config/fish/completions/wirewatch.fish",
    "complete -c wirewatch -f",
    ...spec.commands.map(
      (c) =>
        `complete -c wirewatch -n "not __fish_seen_subcommand_from ${names}" -a ${c.name} -d ${desc(c.description)}`,
    ),
  ];
  const flag = (cond: string, f: FlagSpec) => {
    const base = `complete -c wirewatch -n "${cond}" -l ${f.long.slice(2)} -d ${desc(f.description)}`;
    if (f.value.kind === "path") return `${base} -r -F`;
    if (f.value.kind === "choices") return `${base} -x -a ${sq(f.value.choices.join(" "))}`;
    if (f.value.kind === "free") return `${base} -x`;
    return base;
  };
  for (const f of spec.global) lines.push(flag(`not __fish_seen_subcommand_from ${names}`, f));
  for (const c of spec.commands) {
    for (const f of c.flags) lines.push(flag(`__fish_seen_subcommand_from ${c.name}`, f));
    if (c.arguments.length > 0) {
      lines.push(
        `complete -c wirewatch -n "__fish_seen_subcommand_from ${c.name}" -a ${sq(c.arguments.join(" "))}`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

export function renderCompletion(shell: string, program: Command, ids: string[]): string {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new UsageError(`completion is made for ${SHELLS.join(", ")}, not "${shell}"`);
  }
  const spec = specOf(program, ids);
  return shell === "bash" ? bash(spec) : shell === "zsh" ? zsh(spec) : fish(spec);
}
