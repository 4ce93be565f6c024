// @ts-check
// GenerateRandomPassword: a fresh password from the kinds of characters not excluded, drawn from
// the mock's seeded generator (../random.js), so the same seed gives the same passwords in turn.
import { randomBelow } from '../random.js';
import { errors } from './errors.js';

const KINDS = /** @type {const} */ ([
  ['exclude_lowercase', 'abcdefghijklmnopqrstuvwxyz'],
  ['exclude_uppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['exclude_numbers', '0123456789'],
  ['exclude_punctuation', '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
]);

/**
 * @param {{ length?: number, exclude_characters?: string, exclude_lowercase?: boolean, exclude_uppercase?: boolean,
 *   exclude_numbers?: boolean, exclude_punctuation?: boolean, include_space?: boolean, require_each_included_type?: boolean }} rules
 * @param {() => number} random the mock's generator
 * @returns {string}
 */
export function generatePassword(rules, random) {
  const pick = (/** @type {string} */ chars) => /** @type {string} */ (chars[randomBelow(random, chars.length)]);
  const { length = 32, exclude_characters = '', include_space = false, require_each_included_type = false } = rules;
  const excluded = new Set(exclude_characters);
  const kinds = [...KINDS.filter(([flag]) => !rules[flag]).map(([, chars]) => chars), ...(include_space ? [' '] : [])]
    .map((chars) => [...chars].filter((c) => !excluded.has(c)).join(''))
    .filter((chars) => chars.length > 0);
  if (kinds.length === 0) throw errors.passwordRules('the rules leave no character to draw from');
  if (require_each_included_type && length < kinds.length)
    throw errors.passwordRules(`a password of ${length} characters cannot hold one of each of ${kinds.length} kinds`);
  const all = kinds.join('');
  const chars = require_each_included_type ? kinds.map(pick) : [];
  while (chars.length < length) chars.push(pick(all));
  // Shuffled, so the required kinds are not always first (Fisher–Yates).
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBelow(random, i + 1);
    [chars[i], chars[j]] = [/** @type {string} */ (chars[j]), /** @type {string} */ (chars[i])];
  }
  return chars.join('');
}
