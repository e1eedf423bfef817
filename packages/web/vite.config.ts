import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards the API to a locally running `araldo start` (default port 8080), so
// the session cookie stays first-party exactly as it is when the server serves the built app.
export default defineConfig({
  plugins: [react()],
  // The composer counts characters with the networks' own measuring code (src/composer/measure.ts).
  resolve: {
    alias: { '@network-text': fileURLToPath(new URL('../networks/src', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } } },
  preview: { proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } } },
});
