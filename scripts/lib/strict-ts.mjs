// @ts-check
// The compiler options of a user's strict TypeScript project, as the packages' declarations must
// satisfy them: strict, Node's own module resolution, and no skipLibCheck (so the declarations
// themselves are checked).
import ts from 'typescript';

/**
 * @param {string[]} types the `types` packages the project loads ([] for none, ['node'] for @types/node)
 * @param {import('typescript').CompilerOptions} [more] options of the project on top
 * @returns {import('typescript').CompilerOptions}
 */
export const strictProjectOptions = (types, more = {}) => ({
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  types,
  ...more,
});
