import fc from 'fast-check';

export type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  nullable?: boolean;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  bodySchema?: Schema;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  secured: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema> };
}

export function listOperations(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, raw]) => {
      const operation = raw as {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        responses: Operation['responses'];
        security?: unknown[];
      };
      return {
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
        responses: operation.responses,
        secured: (operation.security?.length ?? 0) > 0,
      };
    }),
  );
}

/** Strings an attacker or a careless client would send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)) }),
  fc.constantFrom(
    "' OR 1=1 --",
    "Robert'); DROP TABLE commitment;--",
    '../../etc/passwd',
    '%2e%2e%2f',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '\u0000',
    '😀🇰🇷中文한국어',
    'a'.repeat(5000),
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '00000000-0000-0000-0000-000000000000',
    '&|!:*()<>\\',
  ),
);

const isoDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** Values that fit a schema (documented shapes), resolving component references. */
export function validValue(
  schema: Schema,
  document: OpenApiDocument,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = schema.$ref.split('/').at(-1)!;
    return validValue(document.components?.schemas?.[name] ?? {}, document, depth);
  }
  if (schema.allOf)
    return validValue(Object.assign({}, ...schema.allOf) as Schema, document, depth);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(schema.items ?? {}, document, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(schema.properties ?? {});
      return fc.record(
        Object.fromEntries(
          entries.map(([key, value]) => [key, validValue(value, document, depth + 1)]),
        ),
        { requiredKeys: entries.map(([key]) => key).filter((key) => required.has(key)) },
      );
    }
    default:
      if (schema.format === 'date') return isoDate;
      if (schema.format === 'date-time') return isoDate.map((date) => `${date}T12:00:00.000Z`);
      if (schema.format === 'uri') return fc.webUrl();
      if (schema.format === 'uuid') return fc.uuid();
      return fc.string({ minLength: 1, maxLength: 30 });
  }
}

/** Bodies that are wrong: other types, nulls, deep nesting, duplicate keys, malformed JSON. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constantFrom(
    'null',
    '{',
    '{"title": "a", "title": "b"}',
    `${'['.repeat(2000)}${']'.repeat(2000)}`,
    `{"a":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`,
    JSON.stringify({ title: 'x'.repeat(200_000) }),
    '{"__proto__": {"admin": true}}',
  ),
  hostileString.map((text) => JSON.stringify({ title: text, url: text, note: text, name: text })),
);
