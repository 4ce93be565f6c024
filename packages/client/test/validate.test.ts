// The client's checker (validate.ts) on small schemas, keyword by keyword: what it refuses, with
// which message (a JSON path and a rule, never the value), and what it lets through on purpose.
// The same document schemas drive the checks of arguments and of 2xx bodies.
import { describe, expect, it } from 'vitest';
import { checkSchema, UnsupportedSchemaError } from '../../mock/src/openapi.js';
import { spec } from '../../../test/support/openapi.js';
import { CsmsError } from '../src/errors.js';
import { schemas } from '../../../generated/operations.js';
import { type CheckSchema, checkArgument, mismatch } from '../src/validate.js';

/**
 * A component of the named table (generated/operations.ts) with every `$ref` written as the schema
 * it names, as the client's own table holds it (scripts/lib/client-table.mjs): the checker is never
 * handed a `$ref`.
 */
const named = (name: keyof typeof schemas) => inline(schemas[name]) as CheckSchema;
function inline(v: unknown, done = new Map<object, unknown>()): unknown {
  if (!v || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => inline(x, done));
  const ref = (v as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') return inline(schemas[ref as keyof typeof schemas], done);
  let out = done.get(v) as Record<string, unknown> | undefined;
  if (!out) {
    out = {};
    done.set(v, out);
    for (const [k, x] of Object.entries(v)) out[k] = inline(x, done);
  }
  return out;
}

const cases = (schema: CheckSchema, rows: [unknown, string | undefined][]) =>
  rows.map(([value, problem]) => [schema, value, problem] as const);
const table = (rows: (readonly [CheckSchema, unknown, string | undefined])[]) =>
  rows.map(([schema, value, problem]) => [JSON.stringify(schema), JSON.stringify(value), schema, value, problem] as const);

/** Schemas, values and the problem each should give (undefined: it fits). */
const KEYWORD_ROWS = table([
  ...cases({ allOf: [{ type: 'integer' }, { minimum: 5 }] }, [
    [7, undefined],
    [3, '$: below the minimum 5'],
    ['7', '$: expected integer, got string'],
  ]),
  ...cases({ anyOf: [{ type: 'string', minLength: 2 }, { type: 'null' }] }, [
    ['ab', undefined],
    [null, undefined],
    ['a', '$: matches none of its alternatives'],
    [1, '$: matches none of its alternatives'],
  ]),
  // Alternatives with and without a type, and with several: an alternative without a type may
  // take a value of any type (maxLength ignores a number), as JSON Schema says.
  ...cases({ anyOf: [{ type: 'integer' }, { minLength: 3 }] }, [
    [7, undefined],
    ['abc', undefined],
    [1.5, undefined],
    ['ab', '$: matches none of its alternatives'],
  ]),
  ...cases(
    {
      anyOf: [
        { type: ['string', 'null'], maxLength: 2 },
        { type: 'number', minimum: 10 },
      ],
    },
    [
      [null, undefined],
      ['ab', undefined],
      [12, undefined],
      ['abc', '$: matches none of its alternatives'],
      [3, '$: matches none of its alternatives'],
      [true, '$: matches none of its alternatives'],
    ],
  ),
  ...cases({ oneOf: [{ type: 'string' }, { maxLength: 2 }] }, [
    ['abc', undefined],
    [5, undefined],
    ['ab', '$: does not match exactly one of its alternatives'],
  ]),
  ...cases({ oneOf: [{ type: 'integer' }, { type: 'number' }] }, [
    [1.5, undefined],
    // An integer is a number too: both match, which oneOf refuses.
    [1, '$: does not match exactly one of its alternatives'],
    ['x', '$: does not match exactly one of its alternatives'],
  ]),
  ...cases({ const: 'v1' }, [
    ['v1', undefined],
    ['v2', '$: not the documented constant'],
    [null, '$: not the documented constant'],
  ]),
  ...cases({ const: { a: 1, b: [2] } }, [
    [{ a: 1, b: [2] }, undefined],
    [{ a: 1, b: [3] }, '$: not the documented constant'],
  ]),
  ...cases({ type: 'string', notIn: ['.', '..'] }, [
    ['...', undefined],
    ['..', '$: ".." is not allowed'],
    ['.', '$: "." is not allowed'],
  ]),
  ...cases({ type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } }, [
    [['a'], undefined],
    [[], '$: fewer than 1 items'],
    [['a', 'b', 'c'], '$: more than 2 items'],
    [['a', 2], '$[1]: expected string, got integer'],
  ]),
  ...cases({ exclusiveMinimum: 0, exclusiveMaximum: 10 }, [
    [0.5, undefined],
    [0, '$: not above 0'],
    [10, '$: not below 10'],
    // Number keywords say nothing about other types.
    ['0', undefined],
  ]),
  ...cases({ minimum: 100000000000 }, [
    [1581507580000, undefined],
    [1581507580, '$: below the minimum 100000000000'],
  ]),
  ...cases({ type: 'string', minLength: 1, maxLength: 3, pattern: '^[a-z]+$' }, [
    ['abc', undefined],
    ['', '$: shorter than 1 characters'],
    ['abcd', '$: longer than 3 characters'],
    ['aB', '$: does not match ^[a-z]+$'],
  ]),
  ...cases({ type: ['string', 'null'] }, [
    [null, undefined],
    [1, '$: expected string or null, got integer'],
  ]),
  ...cases({ type: 'number' }, [
    [1, undefined],
    [1.5, undefined],
  ]),
  ...cases({ type: 'object', required: ['a'], properties: { a: { type: 'object', required: ['b'] } } }, [
    [{ a: { b: 1 }, extra: true }, undefined],
    [{}, '$.a: missing'],
    [{ a: {} }, '$.a.b: missing'],
    [[], '$: expected object, got array'],
  ]),
  // A missing required property is named before a wrong one, whatever the order of the keys;
  // keys that are names of Object.prototype's members are only properties.
  ...cases({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, c: { type: 'integer' } } }, [
    [{ c: 'x', a: 'y' }, '$.b: missing'],
    [{ c: 'x', b: 1, a: 'y' }, '$.c: expected integer, got string'],
    [{ b: 1, a: 2 }, '$.a: expected string, got integer'],
    [{ a: 'y', b: null, constructor: 1, toString: 'x', hasOwnProperty: [] }, undefined],
    [{ a: 'y', c: 1 }, '$.b: missing'],
  ]),
  ...cases({ type: 'object', properties: { constructor: { type: 'string' } } }, [
    [{}, undefined],
    [{ constructor: 1 }, '$.constructor: expected string, got integer'],
  ]),
  ...cases({ type: 'object', required: ['__proto__'] }, [
    [JSON.parse('{"__proto__": 1}'), undefined],
    [{}, '$.__proto__: missing'],
  ]),
  // A component, as the table holds it.
  ...cases(named('EpochMillis'), [
    [1581507580000, undefined],
    [1581507580, '$: below the minimum 100000000000'],
  ]),
]);

describe('mismatch, keyword by keyword', () => {
  it.each(KEYWORD_ROWS)('%s with %s', (_s, _v, schema, value, problem) => {
    expect(mismatch(schema, value)).toBe(problem);
  });

  it('maxLength counts code points, as JSON Schema does', () => {
    // Two UTF-16 units, one character.
    expect(mismatch({ maxLength: 1 }, '😀')).toBeUndefined();
    expect(mismatch({ maxLength: 1 }, '😀😀')).toBe('$: longer than 1 characters');
  });

  it('minLength counts code points too: one emoji is one character, not two', () => {
    expect(mismatch({ minLength: 2 }, '😀😀')).toBeUndefined();
    expect(mismatch({ minLength: 2 }, '😀')).toBe('$: shorter than 2 characters');
  });

  it('const compares objects as JSON values: the order of their keys does not matter', () => {
    expect(mismatch({ const: { a: 1, b: 2 } }, { b: 2, a: 1 })).toBeUndefined();
  });

  it('a schema that holds itself (a cycle of the table, written with a getter) is checked at every depth', () => {
    const tree: CheckSchema = {
      type: 'object',
      properties: {
        get child() {
          return tree;
        },
      },
    };
    expect(mismatch(tree, { child: { child: {} } })).toBeUndefined();
    expect(mismatch(tree, { child: { child: { child: 1 } } })).toBe('$.child.child.child: expected object, got integer');
  });

  it('the path names where the problem is, below the starting point given', () => {
    expect(mismatch({ type: 'object', properties: { s: { type: 'string' } } }, { s: 1 }, 'body')).toBe(
      'body.s: expected string, got integer',
    );
  });

  it('an unknown enum value is accepted on purpose: the check schema has no enum', () => {
    expect(mismatch(named('SecretState'), 'ARCHIVED')).toBeUndefined();
    expect(
      checkSchema(spec, { type: 'string', enum: ['ENABLED'], description: 'd', format: 'password', 'x-sensitive': true }, {}, 'here'),
    ).toEqual({ type: 'string' });
  });

  it('a message never holds the value, only where and which rule', () => {
    const value = 'sensitive-value-Qw3rTy-0987';
    for (const schema of [{ maxLength: 4 }, { pattern: '^[0-9]+$' }, { type: 'integer' }, { const: 'x' }, { anyOf: [{ minLength: 99 }] }]) {
      const problem = mismatch(schema as CheckSchema, value);
      expect(problem).toMatch(/^\$: /);
      expect(problem).not.toContain(value);
    }
  });
});

describe('checkSchema (the build) keeps exactly what mismatch honours', () => {
  it('allOf, anyOf, oneOf, const and not: { enum } are kept; a $ref with siblings becomes allOf', () => {
    const schemas: Record<string, unknown> = {};
    expect(
      checkSchema(
        spec,
        {
          allOf: [{ const: 1 }],
          anyOf: [{ type: 'null' }],
          oneOf: [{ minItems: 1 }],
          not: { enum: ['.'] },
          exclusiveMinimum: 0,
        },
        schemas,
        'here',
      ),
    ).toEqual({ allOf: [{ const: 1 }], anyOf: [{ type: 'null' }], oneOf: [{ minItems: 1 }], notIn: ['.'], exclusiveMinimum: 0 });
    expect(checkSchema(spec, { $ref: '#/components/schemas/EpochMillis', maximum: 9e12 }, schemas, 'here')).toEqual({
      allOf: [{ $ref: 'EpochMillis' }, { maximum: 9e12 }],
    });
    expect(schemas.EpochMillis).toEqual({ type: 'integer', minimum: 100000000000 });
  });

  it.each([
    [{ if: { type: 'string' } }, 'if'],
    [{ uniqueItems: true }, 'uniqueItems'],
    [{ additionalProperties: false }, 'additionalProperties'],
  ])('%j: a keyword the checker cannot honour fails the build, named', (schema, keyword) => {
    expect(() => checkSchema(spec, schema, {}, 'X')).toThrow(UnsupportedSchemaError);
    expect(() => checkSchema(spec, schema, {}, 'X')).toThrow(`X: the client's response checks cannot honour "${keyword}"`);
  });

  it('not is honoured only as not: { enum }', () => {
    expect(() => checkSchema(spec, { not: { type: 'string' } }, {}, 'X')).toThrow(
      "X: the client's checks honour `not` only as `not: { enum: [...] }`",
    );
  });
});

describe('checkArgument', () => {
  const refuse = (schema: CheckSchema, value: unknown) => {
    try {
      checkArgument('arg', schema, value);
    } catch (e) {
      expect(e).toBeInstanceOf(CsmsError);
      expect((e as CsmsError).kind).toBe('invalid-argument');
      return (e as CsmsError).message;
    }
    return undefined;
  };

  it('passes a value that fits, silently', () => {
    expect(refuse(named('SecretName'), 'db.password')).toBeUndefined();
  });

  it('names the first character outside a ^[class]{m,n}$ pattern (one character, never the value)', () => {
    expect(refuse(named('SecretName'), 'ab c')).toBe('Invalid arg: character 3 (" ") is not allowed (expected ^[a-zA-Z0-9._-]{1,64}$).');
    expect(refuse(named('SecretName'), 'a😀')).toBe('Invalid arg: character 2 ("😀") is not allowed (expected ^[a-zA-Z0-9._-]{1,64}$).');
  });

  it('says what type a non-string was', () => {
    expect(refuse({ type: 'string' }, null)).toBe('Invalid arg: expected a string, got null.');
    expect(refuse(named('SecretName'), 12)).toBe('Invalid arg: expected a string, got number.');
    expect(refuse({ type: 'integer', minimum: 1 }, 1.5)).toBe('Invalid arg: expected integer, got number.');
  });
});
