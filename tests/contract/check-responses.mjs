// Checks every HTTP exchange the integration tests recorded (the *.jsonl
// files in a folder, one per test process) against openapi/openapi.yaml: the path and method are in the contract, the status is
// one the operation declares, the media type matches, and the body validates
// against the declared schema. Exits non-zero listing every mismatch.
//   node check-responses.mjs OPENAPI_YAML RECORDED_FOLDER
import { readFileSync, readdirSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const [openapiPath, recordedPath] = process.argv.slice(2);
const doc = YAML.parse(readFileSync(openapiPath, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: 'openapi.json' });

const templates = Object.keys(doc.paths).map((template) => ({
  template,
  regex: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
}));

// A JSON Pointer reference token, escaped for use in a URI fragment.
const token = (t) => encodeURIComponent(String(t).replace(/~/g, '~0').replace(/\//g, '~1'));

// Where the response's schema sits in the document, so Ajv resolves its inner
// $refs against the whole document rather than against the schema alone.
function schemaRef(template, method, status, mediaType) {
  const response = doc.paths[template][method].responses[status];
  const base = response.$ref ?? `#/paths/${token(template)}/${method}/responses/${token(status)}`;
  return `openapi.json${base}/content/${token(mediaType)}/schema`;
}

function resolve(node) {
  while (node && node.$ref) {
    node = node.$ref.replace(/^#\//, '').split('/').reduce((n, key) => n[key], doc);
  }
  return node;
}

const lines = readdirSync(recordedPath)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readFileSync(`${recordedPath}/${f}`, 'utf8').split('\n').filter(Boolean));
if (lines.length === 0) {
  console.error(`no recorded responses in ${recordedPath}`);
  process.exit(1);
}

const failures = [];
const covered = new Set();
for (const line of lines) {
  const r = JSON.parse(line);
  const where = `${r.method} ${r.path} -> ${r.status}`;
  const match = templates.find((t) => t.regex.test(r.path));
  const operation = match && doc.paths[match.template][r.method.toLowerCase()];
  if (!operation) {
    // A CORS preflight from an origin named with --cors-origin is answered
    // on any path, empty (the contract's description says so).
    if (r.method === 'OPTIONS' && r.status === 204 && !r.body) continue;
    // Routes the contract does not describe must answer 404 or 405 as problems.
    if (![404, 405].includes(r.status)) failures.push(`${where}: not in the contract`);
    else if (!r.contentType.startsWith('application/problem+json')) failures.push(`${where}: not a problem+json`);
    continue;
  }
  covered.add(`${r.method.toUpperCase()} ${match.template} ${r.status}`);
  const declared = resolve(operation.responses[String(r.status)] ?? operation.responses.default);
  if (!declared) {
    failures.push(`${where}: status not declared for ${r.method} ${match.template}`);
    continue;
  }
  if (!declared.content) {
    if (r.body) failures.push(`${where}: declared without a body but has one`);
    continue;
  }
  const mediaType = (r.contentType || '').split(';')[0].trim();
  const content = declared.content[mediaType];
  if (!content) {
    failures.push(`${where}: media type '${mediaType}' not declared (${Object.keys(declared.content)})`);
    continue;
  }
  if (!mediaType.endsWith('json')) continue;
  let body;
  try {
    body = JSON.parse(r.body);
  } catch {
    failures.push(`${where}: body is not JSON`);
    continue;
  }
  const declaredStatus = operation.responses[String(r.status)] ? String(r.status) : 'default';
  const check = ajv.compile({ $ref: schemaRef(match.template, r.method.toLowerCase(), declaredStatus, mediaType) });
  if (!check(body)) {
    failures.push(`${where}: ${ajv.errorsText(check.errors)}\n    body: ${r.body.slice(0, 400)}`);
  }
}

console.log(`checked ${lines.length} recorded responses over ${covered.size} operation/status pairs`);
if (failures.length) {
  console.error(`${failures.length} response(s) do not match openapi.yaml:`);
  for (const f of failures) console.error('  ' + f);
  process.exit(1);
}
console.log('all recorded responses match openapi.yaml');
