import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type SchemaObject,
} from '@nestjs/swagger';

const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

/** Errors any route can answer; secured routes add 401 and 403. */
const COMMON_PROBLEMS: Record<string, string> = {
  '400': 'Invalid input: unknown or malformed parameters or body fields.',
  '413': 'The request body is over the limit.',
  '414': 'The URL or one of its parameters is too long.',
  '429': 'Too many requests from this client; see Retry-After.',
  '503': 'The database is unavailable; see Retry-After.',
};
const SECURED_PROBLEMS: Record<string, string> = {
  '401': 'No API key, or an unknown or revoked one.',
  '403': 'The key’s role is below what the route needs.',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Documents the problem+json answers every route can give, so the document lists each status
 * a client can actually meet (the fuzz tests hold the app to it).
 */
export function documentProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: PROBLEM_SCHEMA },
  };
  const problem = (description: string) => ({
    description,
    content: {
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    },
  });
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation: OperationObject | undefined = pathItem[method];
      if (!operation) continue;
      const problems = {
        ...COMMON_PROBLEMS,
        ...(operation.security?.length ? SECURED_PROBLEMS : {}),
      };
      for (const [status, description] of Object.entries(problems)) {
        operation.responses[status] ??= problem(description);
      }
    }
  }
  return document;
}

const DOCUMENT_CONFIG = new DocumentBuilder()
  .setTitle('Commitment Tracker')
  .setDescription(
    'Pledges made at diplomatic meetings, their status history, evidence and follow-up reminders. ' +
      'Errors are RFC 9457 problem+json.',
  )
  .setVersion('1')
  // Nest's default bearerFormat is JWT; a key is an opaque string that only this server reads.
  .addBearerAuth(
    {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description:
        'Staff API key: an opaque `ct_…` string (`npm run keys:create` or POST /api/v1/api-keys).',
    },
    'apiKey',
  )
  .build();

/**
 * Serves the document at /api/docs and /api/openapi.json, made on its first request: scanning
 * every route's metadata costs a start about a quarter of a second of CPU and keeps the
 * document in memory, which most processes (and every test app) never serve.
 */
export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup(
    'api/docs',
    app,
    () => documentProblemResponses(SwaggerModule.createDocument(app, DOCUMENT_CONFIG)),
    { jsonDocumentUrl: 'api/openapi.json' },
  );
}
