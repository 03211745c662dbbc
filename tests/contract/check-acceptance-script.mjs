// Checks that deploy/windows/acceptance.ps1, which cannot run here, asks the
// service only what the contract offers: every Invoke-Api and
// Invoke-ClusterForgeJob call names an operation of openapi.yaml (method and
// path), with query parameters and headers that operation declares. Exits
// non-zero listing every call that does not.
//   node check-acceptance-script.mjs OPENAPI_YAML ACCEPTANCE_PS1
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

const [openapiPath, scriptPath] = process.argv.slice(2);
const doc = YAML.parse(readFileSync(openapiPath, 'utf8'));
const script = readFileSync(scriptPath, 'utf8');

const resolve = (node) => {
  while (node && node.$ref) node = node.$ref.replace(/^#\//, '').split('/').reduce((n, key) => n[key], doc);
  return node;
};

// A PowerShell string's variables ($id, ${ClusterName}, $(...)) become a path segment.
const templates = Object.keys(doc.paths).map((template) => ({
  template,
  regex: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/?]+') + '$'),
}));

const calls = [...script.matchAll(/Invoke-(?:Api|ClusterForgeJob) (GET|PUT|POST|DELETE) ["'](\/[^"']*)["']([^\n]*)/g)];
const problems = [];
if (calls.length < 8) problems.push(`found only ${calls.length} API calls in ${scriptPath}; has the helper been renamed?`);
for (const [, method, rawPath, rest] of calls) {
  const concrete = rawPath.replace(/\$\{[A-Za-z]+\}|\$\([^)]*\)|\$[A-Za-z]+/g, 'X');
  const [path, query = ''] = concrete.split('?');
  const match = templates.find((t) => t.regex.test(path));
  const where = `${method} ${rawPath}`;
  if (!match) { problems.push(`${where}: no such path in the contract`); continue; }
  const operation = doc.paths[match.template][method.toLowerCase()];
  if (!operation) { problems.push(`${where}: the contract has no ${method} on ${match.template}`); continue; }
  const parameters = [...(doc.paths[match.template].parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
  const declared = (location) => parameters.filter((p) => p.in === location).map((p) => p.name.toLowerCase());
  for (const pair of query.split('&').filter(Boolean)) {
    const name = pair.split('=')[0];
    if (!declared('query').includes(name.toLowerCase())) problems.push(`${where}: query parameter ${name} is not declared`);
  }
  for (const [, header] of rest.matchAll(/'([A-Za-z-]+)' = /g)) {
    if (!declared('header').includes(header.toLowerCase())) problems.push(`${where}: header ${header} is not declared`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`acceptance.ps1: ${calls.length} API calls, all in the contract`);
