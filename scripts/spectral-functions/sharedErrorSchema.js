// @ts-check
// House rule csms-error-schema: a 4xx/5xx body schema must BE one of the shared error components
// (Error, or WrappedError for the operations whose errors CSMS wraps), not a copy of it. Spectral hands rules the resolved document, where a $ref and an inline copy look the
// same, so we ask the document inventory where the schema node came from: the file
// components/schemas/Error.yaml (source tree) or #/components/schemas/Error (bundle).
/**
 * @param {unknown} targetVal
 * @param {unknown} _options
 * @param {import('@stoplight/spectral-core').RulesetFunctionContext} context
 */
export default function sharedErrorSchema(targetVal, _options, context) {
  if (targetVal === null || typeof targetVal !== 'object') return;
  const origin = context.documentInventory.findAssociatedItemForPath(context.path, true);
  const source = String(origin?.document.source ?? '');
  const at = (origin?.path ?? []).join('/');
  const fromErrorFile = /[\\/]components[\\/]schemas[\\/](?:Wrapped)?Error\.yaml$/.test(source) && at === '';
  const fromErrorComponent = at === 'components/schemas/Error' || at === 'components/schemas/WrappedError';
  if (!fromErrorFile && !fromErrorComponent) {
    return [{ message: 'Error responses must $ref the shared Error schema (components/schemas/Error.yaml, or WrappedError.yaml).' }];
  }
}
