/** wirewatch command-line entry point. Only this module maps errors to exit codes. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === "demo") {
    console.log("wirewatch demo: not yet — the scan lands with the org-wide scan issue.");
    return 0;
  }
  console.error(`wirewatch: unknown command ${command ?? "(none)"}`);
  return 3;
}
