// A bigger document for the docs test, made from the real bundle in memory (never committed): the
// bundle plus 40 synthetic operations across 12 synthetic tags, and 2 without a tag. The tags are
// spread through the document (operation i has tag i mod 12), so a tag's operations are never
// next to each other in `paths`; one joins the first real area, nine make three new areas (each
// listing its tags in an order of its own), one is declared in no area and one is not declared at
// all. Summaries repeat across tags, never within one. The docs must still show every operation
// under its area and tag, in document order, and reach each one.
import { HTTP_METHODS } from '../../packages/mock/src/openapi.js';

type Json = Record<string, unknown>;
export interface Area {
  area: string;
  tags: { tag: string; operations: string[] }[];
}

export const SYNTHETIC_OPERATIONS = 40;
export const SYNTHETIC_TAGS = 12;
export const UNTAGGED_OPERATIONS = 2;
const tag = (n: number) => `Synthetic tag ${String(n).padStart(2, '0')}`;
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;
const VERB = { get: 'Read', post: 'Create', put: 'Replace', delete: 'Remove', patch: 'Change' } as const;

export interface Synthetic {
  doc: Json;
  /** The tags the document leaves out of every area, and '' for operations without a tag, in the order a reader should find them at the end. */
  ungrouped: string[];
}

export function syntheticDocument(bundle: Json): Synthetic {
  const doc = structuredClone(bundle);
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const [templatePath, templateItem] = Object.entries(paths)[0]!;
  const method = HTTP_METHODS.find((m) => templateItem[m])!;
  const template = templateItem[method]!;
  for (let i = 0; i < SYNTHETIC_OPERATIONS + UNTAGGED_OPERATIONS; i++) {
    const verb = METHODS[i % METHODS.length]!;
    const operation: Json = {
      ...structuredClone(template),
      operationId: `SyntheticOperation${i + 1}`,
      summary: `${VERB[verb]} synthetic item ${Math.floor(i / SYNTHETIC_TAGS)}`,
      tags: i < SYNTHETIC_OPERATIONS ? [tag((i % SYNTHETIC_TAGS) + 1)] : [],
    };
    delete operation['x-codeSamples'];
    if (i >= SYNTHETIC_OPERATIONS) delete operation.tags;
    paths[`${templatePath}/synthetic-${i + 1}`] = { [verb]: operation };
  }
  // Tag 12 is used by operations but not declared.
  const declared = Array.from({ length: SYNTHETIC_TAGS - 1 }, (_, n) => ({ name: tag(n + 1), description: `Synthetic tag ${n + 1}.` }));
  doc.tags = [...(doc.tags as Json[]), ...declared];
  const [first, ...rest] = doc['x-tagGroups'] as { name: string; tags: string[] }[];
  doc['x-tagGroups'] = [
    { ...first!, tags: [...first!.tags, tag(1)] },
    ...rest,
    { name: 'Synthetic area A', tags: [tag(4), tag(2), tag(3)] },
    { name: 'Synthetic area B', tags: [tag(8), tag(5), tag(6), tag(7)] },
    { name: 'Synthetic area C', tags: [tag(9), tag(10)] },
  ];
  return { doc, ungrouped: [tag(11), tag(12), ''] };
}

/**
 * What a reader should find in the sidebar of `doc`, worked out from the document alone: each
 * area of `x-tagGroups` (then `other`, holding `ungrouped`), in each its tags, in each tag the
 * summaries of its operations in document order (paths in order, methods as each path lists them).
 */
export function expectedSidebar(doc: Json, other?: { area: string; ungrouped: string[] }): Area[] {
  const inOrder = Object.values(doc.paths as Record<string, Record<string, Json>>).flatMap((item) =>
    Object.entries(item)
      .filter(([key]) => (HTTP_METHODS as readonly string[]).includes(key))
      .map(([, op]) => op as { summary: string; tags?: string[] }),
  );
  const areas = (doc['x-tagGroups'] as { name: string; tags: string[] }[]).map((g) => ({ area: g.name, tags: g.tags }));
  if (other) areas.push({ area: other.area, tags: other.ungrouped });
  return areas.map(({ area, tags }) => ({
    area,
    tags: tags.map((t) => ({
      tag: t,
      operations: inOrder.filter((op) => (t === '' ? !op.tags?.length : op.tags?.includes(t))).map((op) => op.summary),
    })),
  }));
}
