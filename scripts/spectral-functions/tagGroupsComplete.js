// @ts-check
// House rule csms-tag-groups: the docs' sidebar lists areas (`x-tagGroups`, a Redoc extension), each
// with its tags, and Redoc leaves out a tag that no area names. So every tag, declared or used by an
// operation, is in exactly one area; every area has a name of its own and names only tags that
// exist. A new tag is thus placed in the sidebar on purpose, and a renamed or removed tag cannot
// leave an area pointing at nothing.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * @param {any} doc the resolved root document
 * @returns {{ tag: string, path: (string | number)[] }[]} every tag an operation names, where it names it
 */
function operationTags(doc) {
  return Object.entries(isObject(doc.paths) ? doc.paths : {}).flatMap(([p, item]) =>
    METHODS.filter((m) => isObject(item?.[m]) && Array.isArray(item[m].tags)).flatMap((m) =>
      item[m].tags.map((/** @type {unknown} */ tag, /** @type {number} */ i) => ({ tag: String(tag), path: ['paths', p, m, 'tags', i] })),
    ),
  );
}

/**
 * @param {any} doc
 * @param {unknown} _options
 * @returns {import('@stoplight/spectral-core').IFunctionResult[] | undefined}
 */
export default function tagGroupsComplete(doc, _options) {
  if (!isObject(doc)) return;
  const groups = doc['x-tagGroups'];
  const declared = (Array.isArray(doc.tags) ? doc.tags : []).map((/** @type {any} */ t, /** @type {number} */ i) => ({
    tag: String(t?.name),
    path: ['tags', i, 'name'],
  }));
  const used = operationTags(doc);
  if (declared.length === 0 && used.length === 0 && groups === undefined) return;
  if (!Array.isArray(groups))
    return [{ message: 'Group the tags into areas for the docs: `x-tagGroups` is a list of { name, tags }.', path: ['x-tagGroups'] }];

  /** @type {import('@stoplight/spectral-core').IFunctionResult[]} */
  const problems = [];
  /** @type {Map<string, string[]>} tag → the areas that name it */
  const areasOf = new Map();
  const names = new Set();
  for (const [g, group] of groups.entries()) {
    const at = ['x-tagGroups', g];
    if (!isObject(group) || typeof group.name !== 'string' || group.name.trim() === '') {
      problems.push({ message: 'An area of `x-tagGroups` needs a name.', path: at });
      continue;
    }
    if (names.has(group.name)) problems.push({ message: `Two areas are called "${group.name}".`, path: [...at, 'name'] });
    names.add(group.name);
    if (!Array.isArray(group.tags) || group.tags.length === 0) {
      problems.push({ message: `Area "${group.name}" lists no tags.`, path: [...at, 'tags'] });
      continue;
    }
    for (const [t, tag] of group.tags.entries()) {
      const name = String(tag);
      if (!declared.some((d) => d.tag === name))
        problems.push({
          message: `Area "${group.name}" names tag "${name}", which the document does not declare.`,
          path: [...at, 'tags', t],
        });
      areasOf.set(name, [...(areasOf.get(name) ?? []), group.name]);
    }
  }
  for (const [tag, areas] of areasOf)
    if (areas.length > 1) problems.push({ message: `Tag "${tag}" is in more than one area: ${areas.join(', ')}.`, path: ['x-tagGroups'] });
  const seen = new Set();
  for (const { tag, path } of [...declared, ...used]) {
    if (areasOf.has(tag) || seen.has(tag)) continue;
    seen.add(tag);
    problems.push({ message: `Tag "${tag}" is in no area of \`x-tagGroups\`, so the docs would not list it: add it to one.`, path });
  }
  return problems;
}
