import type { Context } from '@araldo/engine';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { installAuthentication } from './auth';
import { installErrorHandler } from './errors';
import { channelRoutes } from './routes/channels';
import { eventRoutes } from './routes/events';
import { importRoutes } from './routes/imports';
import { mediaRoutes } from './routes/media';
import { metricsRoutes } from './routes/metrics';
import { networkRoutes } from './routes/networks';
import { postRoutes } from './routes/posts';
import { sessionRoutes } from './routes/session';
import { tokenRoutes } from './routes/tokens';
import { webhookRoutes } from './routes/webhooks';
import { workspaceRoutes } from './routes/workspaces';
import { installWebApp } from './web';

export interface AppOptions {
  /** The built web app (packages/web/dist); omitted in API-only tests. */
  webDir?: string | undefined;
  logger?: boolean;
}

const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'];

export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: ctx.config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    bodyLimit: 1024 * 1024,
    // Ids and query strings are short; a giant URL is an attack, not a request.
    routerOptions: { maxParamLength: 200 },
    // One line per request is noise at info level; debug shows them.
    logController: new LogController({
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(fastifyCookie);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Araldo API',
        version: '1',
        description:
          'Write once, publish everywhere. Authenticate with `Authorization: Bearer <personal API token>` ' +
          '(create one in the web app or with `araldo token create`). Errors always have the shape ' +
          '`{ "error": { "code", "message", "details" } }`. Listings take `limit` and `cursor` and answer `nextCursor`.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          token: { type: 'http', scheme: 'bearer', description: 'Personal API token (araldo_pat_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'araldo_session' },
        },
      },
      security: [{ token: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { status: 'ready', database: ctx.store.dialect };
    } catch {
      return reply
        .status(503)
        .send({ error: { code: 'not_ready', message: 'The database does not answer' } });
    }
  });

  await app.register(
    async (api) => {
      installAuthentication(api, ctx);
      await api.register(sessionRoutes(ctx));
      await api.register(tokenRoutes(ctx));
      await api.register(workspaceRoutes(ctx));
      await api.register(channelRoutes(ctx));
      await api.register(postRoutes(ctx));
      await api.register(metricsRoutes(ctx));
      await api.register(mediaRoutes(ctx));
      await api.register(networkRoutes(ctx));
      await api.register(eventRoutes(ctx));
      await api.register(webhookRoutes(ctx));
      await api.register(importRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );

  await installWebApp(app, options.webDir);
  return app;
}
