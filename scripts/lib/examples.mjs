// @ts-check
// Example values from the bundled document, for scripts that show a request (npm start's curl).
import fs from 'node:fs';
import path from 'node:path';
import { GENERATED_DIR } from './paths.mjs';

/** The first `examples` value of each path parameter component, by parameter name. */
export function examplePathParameters() {
  const spec = JSON.parse(fs.readFileSync(path.join(GENERATED_DIR, 'openapi.json'), 'utf8'));
  /** @type {Record<string, string>} */
  const values = {};
  for (const parameter of Object.values(spec.components.parameters ?? {})) {
    if (parameter.in === 'path' && parameter.schema?.examples?.length) values[parameter.name] = String(parameter.schema.examples[0]);
  }
  return values;
}
