// Reads `kubectl kustomize` output on stdin and checks each object against its JSON schema: the Kubernetes API's
// (kubernetes-models) or KEDA's (@kubernetes-models/keda). Exit status 1 when any object fails or has no schema.
// The schemas check types, required fields and enumerations; like the API server, they accept unknown fields.
import { parseAllDocuments } from "yaml";

const label = process.argv[2] ?? "stdin";
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = parseAllDocuments(Buffer.concat(chunks).toString("utf8"));

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") return `@kubernetes-models/keda/keda.sh/${version}/${kind}`;
  return group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

let failures = 0;
let checked = 0;
for (const document of documents) {
  if (document.errors.length > 0) {
    console.error(`${label}: YAML error: ${document.errors[0].message}`);
    failures++;
    continue;
  }
  const object = document.toJS();
  if (object === null) continue;
  const name = `${object.kind}/${object.metadata?.name}`;
  let model;
  try {
    model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
  } catch {
    console.error(`${label}: ${name}: no schema for ${object.apiVersion} ${object.kind}`);
    failures++;
    continue;
  }
  try {
    new model(object).validate();
    checked++;
  } catch (error) {
    console.error(`${label}: ${name}: ${error.message}`);
    failures++;
  }
}
console.log(`${label}: ${checked} objects valid, ${failures} failed`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
