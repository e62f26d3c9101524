// Import boundaries between wirewatch's layers (docs/architecture.md), kept by lint rather than by review:
//   - pure layers (checks, remediation planning, the engine and what they build on) import no AWS SDK and nothing
//     from the layers that talk to AWS, scan, or run the CLI;
//   - only src/aws constructs SDK clients: src/collect, src/discover and src/doctor send commands through the clients
//     src/aws builds, other product code may only import SDK types;
//   - product code never imports test/ or vitest, and only the demo and sim commands load the simulator;
//   - no runtime import cycles in product code (type-only imports are erased by tsc and do not count).
// eslint-plugin-import-x gives both the path zones and the cycle check; package bans use typescript-eslint's
// no-restricted-imports, which understands `import type`.
import { createNodeResolver, importX } from "eslint-plugin-import-x";

const PRODUCT = ["src/**/*.ts", "checks/**/*.ts", "remediations/**/*.ts", "sim/**/*.ts", "bin/**/*.js"];
const TESTS = ["**/*.test.ts"];

// Code that must stay pure: it judges or plans from an inventory and never reads AWS itself.
const PURE = [
  "checks",
  "remediations",
  "src/engine",
  "src/alarms",
  "src/inventory",
  "src/patterns",
  "src/samples",
  "src/remediate/plan.ts",
  "src/remediate/remediation.ts",
];
const PURE_FILES = PURE.map((p) => (p.endsWith(".ts") ? p : `${p}/**/*.ts`));

// What pure code may not reach: the AWS edge, the scan and apply drivers, the CLI, the simulator.
const IMPURE = [
  "src/aws",
  "src/collect",
  "src/discover",
  "src/doctor",
  "src/scan",
  "src/cli",
  "src/remediate/apply.ts",
  "sim",
];

const noTestCode = {
  group: ["vitest", "vitest/*"],
  message: "Product code does not import the test runner.",
};
const noSdk = {
  group: ["@aws-sdk/*", "@smithy/*"],
  message: "Pure code (checks, planning, engine) does not use the AWS SDK: read the inventory instead.",
};
const noSdkValues = {
  group: ["@aws-sdk/client-*", "@aws-sdk/credential-providers", "@smithy/node-http-handler"],
  allowTypeImports: true,
  message:
    "Only src/aws constructs SDK clients and src/collect or src/discover send commands; import types only.",
};
const noClients = {
  group: ["@aws-sdk/client-*"],
  importNamePattern: "Client$",
  allowTypeImports: true,
  message: "Only src/aws constructs SDK clients: take them from the AccountClients it builds.",
};
const noTransport = {
  group: ["@aws-sdk/credential-providers", "@smithy/node-http-handler"],
  message: "Only src/aws sets up credentials and HTTP transport.",
};

const pureZone = {
  target: PURE,
  from: IMPURE,
  message: "Pure code reads the inventory (src/inventory) and never the layers that talk to AWS.",
};
const testZone = {
  target: ["src", "checks", "remediations", "sim", "bin"],
  from: ["test"],
  message: "Product code does not import test code.",
};
// The simulator is loaded only by the commands that serve it, so no other command (or container image) carries it.
const SIM_ENTRIES = ["src/cli/demo.ts", "src/cli/main.ts"];
const simZone = {
  target: ["src", "checks", "remediations"],
  from: ["sim"],
  message: "Only `wirewatch demo` and `wirewatch sim` (src/cli/demo.ts, src/cli/main.ts) load the simulator.",
};

/** Path zones and the cycle check for `files`; one block per file set, since a later block replaces the options. */
const paths = (files, ignores, zones) => ({
  files,
  ignores,
  rules: {
    "import-x/no-cycle": ["error", { ignoreExternal: true }],
    "import-x/no-restricted-paths": ["error", { zones }],
  },
});

/** Package bans per layer; later blocks override earlier ones for the files they match. */
const restrict = (files, ...patterns) => ({
  files,
  ignores: TESTS,
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
});

export const boundaries = [
  {
    files: PRODUCT,
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
    },
  },
  paths(PRODUCT, [...SIM_ENTRIES, ...TESTS], [pureZone, testZone, simZone]),
  paths(SIM_ENTRIES, TESTS, [pureZone, testZone]),
  restrict(["src/**/*.ts", "bin/**/*.js"], noTestCode, noSdkValues),
  restrict(["sim/**/*.ts"], noTestCode, noSdkValues),
  restrict(["src/aws/**/*.ts"], noTestCode),
  restrict(
    ["src/collect/**/*.ts", "src/discover/**/*.ts", "src/doctor/**/*.ts"],
    noTestCode,
    noClients,
    noTransport,
  ),
  restrict(PURE_FILES, noTestCode, noSdk),
];
