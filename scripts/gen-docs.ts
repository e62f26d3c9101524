/**
 * Writes the check and remediation catalogues (docs/), the IAM policies (config/iam/) and the CloudFormation
 * templates of the roles (deploy/cloudformation/) from the registries' metadata. Tests fail when any is stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKS } from "../checks/index.ts";
import { REMEDIATIONS } from "../remediations/index.ts";
import { loadConfig } from "../src/config/load.ts";
import {
  CATALOGUE_FILE,
  REMEDIATION_CATALOGUE_FILE,
  renderCatalogue,
  renderRemediationCatalogue,
} from "../src/report/catalogue.ts";
import { CLOUDFORMATION_FILES, renderCloudFormation } from "../src/report/cloudformation.ts";
import { IAM_FILES, renderIamPolicies } from "../src/report/iam.ts";

const file = join(dirname(fileURLToPath(import.meta.url)), "..", CATALOGUE_FILE);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, renderCatalogue(CHECKS));
console.log(`wrote ${CATALOGUE_FILE} (${CHECKS.length} checks)`);
writeFileSync(
  join(dirname(fileURLToPath(import.meta.url)), "..", REMEDIATION_CATALOGUE_FILE),
  renderRemediationCatalogue(REMEDIATIONS),
);
console.log(`wrote ${REMEDIATION_CATALOGUE_FILE} (${REMEDIATIONS.length} remediations)`);

const roles = { audit: loadConfig().roles.audit.name, remediation: loadConfig().roles.remediation.name };
const policies = renderIamPolicies(CHECKS, roles, REMEDIATIONS);
for (const [name, text] of Object.entries(policies)) {
  const path = IAM_FILES[name as keyof typeof IAM_FILES];
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", path), text);
  console.log(`wrote ${path}`);
}

const templates = renderCloudFormation(policies, roles);
for (const [name, text] of Object.entries(templates)) {
  const path = CLOUDFORMATION_FILES[name as keyof typeof CLOUDFORMATION_FILES];
  const file = join(dirname(fileURLToPath(import.meta.url)), "..", path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${path}`);
}
