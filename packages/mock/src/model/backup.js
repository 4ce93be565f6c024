// @ts-check
// Backups are the mock's own format, not CSMS's: `csms-mock-backup.v1.` and base64url of an
// AES-256-GCM sealed JSON record (the secret's metadata, every version with its value, the
// stages). Every csms-mock shares the key, so a backup from one restores into any other; the GCM
// tag refuses a blob that was altered; the value is never readable in the blob. It is a test
// double's seal, not protection: the key is in this file, so anyone can seal a record, and a
// restored record goes through the same checks as any other write (record.js).
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { errors } from './errors.js';

const BLOB_PREFIX = 'csms-mock-backup.v1.';
const BLOB_KEY = createHash('sha256').update('csms-mock backup seal, v1').digest();

/**
 * A secret as a backup holds it (plain JSON): versions oldest first, each with the stages on it.
 * @typedef {{ name: string, metadata: Record<string, unknown>, versions: Record<string, unknown>[], stageTimes?: Record<string, number> }} BackupRecord
 */

/** @param {BackupRecord} record @returns {string} */
export const seal = (record) => sealText(JSON.stringify(record));

/** Seals JSON text as it is (a test can seal what JSON.stringify would not write). @param {string} text @returns {string} */
export function sealText(text) {
  const plain = Buffer.from(text);
  // Derived from the content, so the same secret backs up to the same blob (stable test fixtures);
  // different content gives a different IV.
  const iv = createHash('sha256').update(plain).digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', BLOB_KEY, iv);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return BLOB_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/**
 * The record inside a blob, unchecked beyond its outline: a blob that is not a backup, was altered
 * or holds no record is refused (InvalidBackup).
 * @param {string} blob @returns {BackupRecord}
 */
export function unseal(blob) {
  if (!blob.startsWith(BLOB_PREFIX)) throw errors.invalidBackup();
  const bytes = Buffer.from(blob.slice(BLOB_PREFIX.length), 'base64url');
  if (bytes.length < 29) throw errors.invalidBackup();
  let record;
  try {
    const decipher = createDecipheriv('aes-256-gcm', BLOB_KEY, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    record = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    throw errors.invalidBackup();
  }
  const isObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(record) || typeof record.name !== 'string' || !Array.isArray(record.versions) || !isObject(record.metadata))
    throw errors.invalidBackup();
  return record;
}
