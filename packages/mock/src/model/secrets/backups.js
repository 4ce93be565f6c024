// @ts-check
// Backups of secrets (the mock's sealed format, ../backup.js) and restoring them.
import { seal, unseal } from '../backup.js';
import { errors } from '../errors.js';
import { fromPlain, toPlain } from './plain.js';

/** @param {import('./index.js').StoreCore} core */
export function backupMethods({ find, has, commit }) {
  return {
    /** The backup of a secret: the configured `blob`, or the sealed record of everything it holds. @param {string} name */
    backup(name) {
      const s = find(name);
      return s.blob ?? seal(toPlain(name, s));
    },

    /**
     * Restores a sealed backup; refuses a name that exists (restore never overwrites), a blob
     * that is not a backup or was altered, and a record that breaks any rule of a stored secret.
     * @param {string} blob @returns {Record<string, unknown>} the restored secret's metadata
     */
    restore(blob) {
      const record = unseal(blob);
      const secret = fromPlain(record);
      if (typeof secret === 'string') throw errors.invalidBackup(`the backup's ${secret}`);
      if (has(record.name)) throw errors.secretExists(record.name);
      commit(record.name, secret, (problem) => errors.invalidBackup(`the backup's ${problem}`));
      return { ...secret.metadata };
    },
  };
}
