import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorPayload } from './errors';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Araldo</title></head>
<body><h1>Araldo is running</h1><p>The web app has not been built. Run <code>npm run build</code>, or start with <code>npm start</code>, which builds it.</p></body></html>`;

/** Serves the built single-page app; any unknown non-API path gets index.html for client routing. */
export async function installWebApp(app: FastifyInstance, webDir: string | undefined) {
  const index = webDir ? path.join(webDir, 'index.html') : undefined;
  const built = index !== undefined && fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, { root: webDir!, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/');
    if (!wantsPage) {
      return reply
        .status(404)
        .send(errorPayload('not_found', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`));
    }
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    return built ? reply.sendFile('index.html') : reply.send(NOT_BUILT);
  });
}
