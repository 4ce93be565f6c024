// @ts-check
// Tags on secrets, addressed by the secret's id: one, a batch, and the project's view of them
// (the keys in use, and finding secrets by tag).
import { errors } from '../errors.js';
import { MAX_TAGS, SYSTEM_TAG_PREFIX } from '../record.js';

/** @param {string} key */
const checkKey = (key) => {
  if (key.startsWith(SYSTEM_TAG_PREFIX))
    throw errors.invalid(`Invalid parameter: tag keys starting with ${SYSTEM_TAG_PREFIX} are the system's.`);
};

/** A secret's tags as the document lists them. @param {Map<string, string>} tags */
const tagItems = (tags) => [...tags].map(([key, value]) => ({ key, value }));

/** @param {import('./index.js').StoreCore} core */
export function tagMethods({ find, nameOf, write, all, indexes }) {
  /**
   * Whether a secret's tags match every filter: a key with one of the values (any value when none is given).
   * @param {Map<string, string>} tags @param {{ key: string, values?: string[] }[]} filters
   */
  const matches = (tags, filters) =>
    filters.every((f) => tags.has(f.key) && (!f.values?.length || f.values.includes(/** @type {string} */ (tags.get(f.key)))));

  return {
    /** @param {string} id */
    tagsOf: (id) => ({ tags: tagItems(find(nameOf(id)).tags), sys_tags: [] }),

    /**
     * Sets a tag (CreateSecretTag): a key the secret has gets the new value, which never counts
     * against the limit; a new key past MAX_TAGS is refused.
     * @param {string} id @param {string} key @param {string} value
     */
    setTag(id, key, value) {
      checkKey(key);
      write(nameOf(id), (draft) => {
        if (!draft.tags.has(key) && draft.tags.size >= MAX_TAGS) throw errors.tagLimit(MAX_TAGS);
        draft.tags.set(key, value);
      });
    },

    /** @param {string} id @param {string} key */
    deleteTag(id, key) {
      write(nameOf(id), (draft) => {
        if (!draft.tags.delete(key)) throw errors.tagNotFound(key);
      });
    },

    /**
     * Adds or removes several tags at once (BatchCreateOrDeleteTags), all or nothing: a delete
     * with a value removes the tag only when it has that value; keys the secret lacks are skipped.
     * @param {string} id @param {'create' | 'delete'} action @param {{ key: string, value?: string }[]} tags
     */
    batchTags(id, action, tags) {
      const keys = new Set();
      for (const { key } of tags) {
        if (keys.has(key)) throw errors.invalid(`Invalid parameter: the tag key ${key} is given twice.`);
        keys.add(key);
        checkKey(key);
      }
      write(nameOf(id), (draft) => {
        for (const { key, value } of tags) {
          if (action === 'create') draft.tags.set(key, value ?? '');
          else if (value === undefined || draft.tags.get(key) === value) draft.tags.delete(key);
        }
        if (draft.tags.size > MAX_TAGS) throw errors.tagLimit(MAX_TAGS);
      });
    },

    /** Every key used on the project's secrets, with its values, both sorted (ListProjectSecretsTags). */
    projectTags() {
      /** @type {Map<string, Set<string>>} */
      const keys = new Map();
      for (const s of all().values()) for (const [k, v] of s.tags) keys.set(k, (keys.get(k) ?? new Set()).add(v));
      return { tags: [...keys.keys()].sort().map((key) => ({ key, values: [...(keys.get(key) ?? [])].sort() })) };
    },

    /**
     * The secrets with the given tags and names containing the given texts (ListResourceInstances),
     * by name, a page by offset or the count alone.
     * @param {{ action: 'filter' | 'count', limit?: number, offset?: number, tags?: { key: string, values?: string[] }[], matches?: { key: string, value: string }[] }} query
     */
    resourceInstances({ action, limit = 10, offset = 0, tags = [], matches: names = [] }) {
      const secrets = all();
      const found = [...indexes().names]
        .sort()
        .filter((n) => matches(/** @type {any} */ (secrets.get(n)).tags, tags) && names.every((m) => n.includes(m.value)));
      if (action === 'count') return { total_count: found.length };
      const resources = found.slice(offset, offset + limit).map((n) => {
        const s = /** @type {import('../record.js').StoredSecret} */ (secrets.get(n));
        return { resource_id: s.metadata.id, resource_name: n, resource_detail: { ...s.metadata }, tags: tagItems(s.tags), sys_tags: [] };
      });
      return { resources, total_count: found.length };
    },
  };
}
