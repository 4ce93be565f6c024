// @ts-check
// House rule csms-schema-examples: JSON Schema `examples` arrays must validate against the schema
// that holds them. Spectral's oas3-valid-schema-example only checks the singular `example`
// (OpenAPI 3.0 style), so in a 3.1 document the examples readers see in the docs went unchecked.
import { schema } from '@stoplight/spectral-functions';

/**
 * @param {unknown} targetVal the `examples` value
 * @param {unknown} _options
 * @param {import('@stoplight/spectral-core').RulesetFunctionContext} context
 * @returns {import('@stoplight/spectral-core').IFunctionResult[] | undefined}
 */
export default function schemaExamplesValid(targetVal, _options, context) {
  // A map of named Example Objects (media types, parameters) is OpenAPI's, not JSON Schema's.
  if (!Array.isArray(targetVal)) return;
  // The interface omits it, but the inventory holds the resolved document the rule ran on.
  /** @type {any} */
  let holder = /** @type {{ resolved: unknown }} */ (/** @type {unknown} */ (context.documentInventory)).resolved;
  for (const key of context.path.slice(0, -1)) holder = holder?.[key];
  if (holder === null || typeof holder !== 'object') return;
  const { examples: _examples, ...itsSchema } = holder;
  return targetVal.flatMap((value, i) => {
    // The schema function is synchronous; its declared type also allows a Promise.
    const results = /** @type {import('@stoplight/spectral-core').IFunctionResult[] | void} */ (
      schema(value, { schema: itsSchema, dialect: 'draft2020-12', allErrors: true }, { ...context, path: [...context.path, i] })
    );
    return (results ?? []).map((r) => ({ ...r, message: `examples[${i}]: ${r.message}` }));
  });
}
